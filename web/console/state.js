// The console's state and the updates made to it. Plain data: no DOM, no
// socket, no timers, no clock (callers pass `now`). The connection
// (connection.js) applies the server's frames here, then tells the view
// (view.js) what to redraw; the view reads the state, and changes it only
// through these functions when the agent acts (answers an offer, reads or
// has not read a conversation).

// A new, signed-out state; `language`: one of the console's (i18n/<code>.json).
export function createState(language) {
  return {
    language,
    agent: null,             // {id, email, display_name, ...} once signed in
    csrf: '',                // the session's CSRF token (sign-out)
    connected: false,        // the agent WebSocket is open
    status: '',              // the agent's status as the server last said it
    allQueues: [],           // from /api/queues: [{id, name: {fr, en}}] (transfer targets)
    snapshot: null,          // the last queue.snapshot frame
    offer: null,             // {conversation, deadline} while an offer is pending
    conversations: new Map(),  // id -> {detail, unread, answers, answersLanguage}
    followups: [],           // follow-up items (callbacks, left messages)
  };
}

// Signed in: `session` is /api/login's or /api/me's answer, `queues` /api/queues'.
export function signIn(state, session, queues) {
  state.agent = session.agent;
  state.csrf = session.csrf_token;
  state.allQueues = queues;
}

// A queue's name in the console's language, else in the first language the
// server names it in (a queue configured before a language was added), else its id.
export function queueName(state, id) {
  const queue = state.allQueues.find((q) => q.id === id);
  return queue ? queue.name[state.language] ?? Object.values(queue.name)[0] ?? id : id;
}

export function setOffer(state, frame, now) {
  state.offer = { conversation: frame.conversation, deadline: now + frame.expires_in_ms };
}

// The offer was answered or withdrawn.
export function clearOffer(state) { state.offer = null; }

// Whole seconds left to answer the offer (0 once expired).
export function offerSecondsLeft(offer, now) {
  return Math.max(0, Math.ceil((offer.deadline - now) / 1000));
}

// A conversation assigned to the agent (or its full detail again). Returns
// {conversation, added}: added is true the first time.
export function openConversation(state, detail) {
  const id = detail.conversation_id;
  let conversation = state.conversations.get(id);
  const added = !conversation;
  if (added) {
    conversation = { detail, unread: 0, answers: [], answersLanguage: detail.language };
    state.conversations.set(id, conversation);
  }
  conversation.detail = detail;
  // The server's suggestions replace earlier search results.
  conversation.answers = detail.suggestions ?? [];
  conversation.answersLanguage = detail.language;
  return { conversation, added };
}

// kb.results for one of the agent's conversations; the conversation or null.
export function setAnswers(state, frame) {
  const conversation = state.conversations.get(frame.conversation_id);
  if (!conversation) return null;
  conversation.answers = frame.results;
  conversation.answersLanguage = frame.language ?? conversation.detail.language;
  return conversation;
}

export function hasMessage(conversation, seq) {
  return conversation.detail.messages.some((m) => m.seq === seq);
}

// A stored message; the conversation, or null when unknown or already there.
export function addMessage(state, id, message) {
  const conversation = state.conversations.get(id);
  if (!conversation || hasMessage(conversation, message.seq)) return null;
  conversation.detail.messages.push(message);
  return conversation;
}

// A page of older messages (conversation.detail with before_seq). Returns the
// messages to show above the others, or null when the page is stale or repeated.
export function addEarlierMessages(state, page) {
  const conversation = state.conversations.get(page.conversation_id);
  const detail = conversation?.detail;
  if (!detail || page.before_seq !== detail.first_seq) return null;
  const older = page.messages.filter((m) => m.seq < detail.first_seq);
  detail.messages.unshift(...older);
  detail.first_seq = page.first_seq || detail.first_seq;
  detail.more = page.more;
  return older;
}

// Counts a visitor message the agent has not seen; markRead resets the count.
export function addUnread(conversation) { conversation.unread += 1; }
export function markRead(conversation) { conversation.unread = 0; }

// Closed or transferred: no longer the agent's. Returns whether it was.
export function removeConversation(state, id) {
  return state.conversations.delete(id);
}

export function setFollowups(state, items) { state.followups = items; }
export function addFollowup(state, item) { state.followups.push(item); }
export function completeFollowup(state, id) {
  state.followups = state.followups.filter((item) => item.id !== id);
}
