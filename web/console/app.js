// The agent console (README.md): wires the state (state.js), the connection to
// relais-server (connection.js) and the page (view.js), and owns the session:
// sign-in, sign-out and the language switch. Bundled by web/build.mjs.
import { Connection, login, logout, me, queues } from './connection.js';
import { initialLanguage } from './i18n.js';
import { createState, signIn } from './state.js';
import { ConsoleView } from './view.js';

const state = createState(initialLanguage(navigator.language));
const connection = new Connection(state);
const view = new ConsoleView(state, connection, {
  async signIn(email, password) {
    const { session, error } = await login(email, password);
    if (session) await enter(session);
    return error ?? null;
  },
  async signOut() {
    connection.stop();
    await logout(state.csrf);
    location.reload();
  },
  switchLanguage(language) {
    state.language = language;
    view.render();
  },
});

async function enter(session) {
  view.showApp();
  signIn(state, session, await queues());
  connection.open(view);
}

view.render();
const session = await me();
if (session) await enter(session);
else view.showSignIn();
