#include "relais/server/router.h"

#include <catch2/catch_test_macros.hpp>

namespace relais::server {
namespace {

Conversation Conv(std::string id, Priority p, TimeMs queued) {
  Conversation c;
  c.id = std::move(id);
  c.priority = p;
  c.queued_ms = queued;
  c.queue = "general";
  c.language = "fr";
  return c;
}

TEST_CASE("urgent and frustrated first, then oldest") {
  Conversation old_normal = Conv("a", Priority::kNormal, 100);
  Conversation new_urgent = Conv("b", Priority::kUrgent, 500);
  Conversation frustrated = Conv("c", Priority::kFrustrated, 300);
  Conversation newer_normal = Conv("d", Priority::kNormal, 200);
  CHECK(ServedBefore(new_urgent, old_normal));
  CHECK(ServedBefore(new_urgent, frustrated));
  CHECK(ServedBefore(frustrated, old_normal));
  CHECK(ServedBefore(old_normal, newer_normal));
  CHECK_FALSE(ServedBefore(newer_normal, old_normal));
  CHECK_FALSE(ServedBefore(old_normal, old_normal));
}

TEST_CASE("eligibility needs queue, language and skill") {
  Agent agent;
  agent.queues = {"general", "passports"};
  agent.languages = {"fr"};
  agent.skills = {"passports"};
  Conversation c = Conv("x", Priority::kNormal, 0);
  QueueConfig general{"general", {}, {}, {"fr", "en"}, {}, 10};
  QueueConfig complaints{"complaints", {}, {"complaints"}, {"fr"}, {}, 10};
  CHECK(IsEligible(agent, c, &general));
  c.language = "en";
  CHECK_FALSE(IsEligible(agent, c, &general));
  c.language = "fr";
  c.skill = "passports";
  CHECK(IsEligible(agent, c, &general));
  c.skill = "taxes";
  CHECK_FALSE(IsEligible(agent, c, &general));
  c.skill = "";
  c.queue = "complaints";
  CHECK_FALSE(IsEligible(agent, c, &complaints));  // not the agent's queue
  agent.queues.push_back("complaints");
  CHECK_FALSE(IsEligible(agent, c, &complaints));  // queue needs the complaints skill
  agent.skills.push_back("complaints");
  CHECK(IsEligible(agent, c, &complaints));
  agent.disabled = true;
  CHECK_FALSE(IsEligible(agent, c, &complaints));
}

TEST_CASE("a hand-off goes to the queue it names, else the first for its language") {
  Config config;
  config.queues = {{"general", {}, {}, {"fr"}, {}, 10},
                   {"english", {}, {}, {"en"}, {}, 10},
                   {"passports", {}, {}, {"fr", "en"}, {}, 10}};
  CHECK(ChooseQueue(config, "passports", "en")->id == "passports");
  CHECK(ChooseQueue(config, "", "en")->id == "english");
  CHECK(ChooseQueue(config, "", "fr")->id == "general");
  CHECK(ChooseQueue(config, "", "es")->id == "general");  // no queue speaks it: the first
  CHECK(ChooseQueue(config, "nope", "fr") == nullptr);    // refused, never silently rerouted
}

TEST_CASE("a visitor writing in another script is served in their language when a queue is") {
  Config config;
  config.queues = {{"general", {}, {}, {"fr", "en"}, {}, 10},
                   {"multilingual", {}, {}, {"fa", "pa"}, {}, 10}};
  // Arabic script: Arabic, Persian or Urdu; this centre serves Persian.
  CHECK(ServedLanguage(config, {"ar", "fa", "ur"}, "fr") == "fa");
  CHECK(ChooseQueue(config, "", ServedLanguage(config, {"ar", "fa", "ur"}, "fr"))->id ==
        "multilingual");
  CHECK(ServedLanguage(config, {"pa"}, "en") == "pa");
  // Nobody serves Chinese: the page's language, with the other ways to get help.
  CHECK(ServedLanguage(config, {"zh"}, "en") == "en");
  CHECK(ServedLanguage(config, {}, "fr") == "fr");
  // A page in a language no queue serves: the first queue's first language.
  CHECK(ServedLanguage(config, {}, "es") == config.queues.front().languages.front());
  CHECK(ServedLanguage(config, {"zh"}, "es") == config.queues.front().languages.front());
}

TEST_CASE("a hand-off cannot wait in a closed or full queue") {
  QueueConfig queue{"general", {}, {}, {"fr"}, {}, 2};
  CHECK_FALSE(Unavailable(queue, 0, 1).has_value());
  CHECK(Unavailable(queue, 0, 2) == vocabulary::UnavailableReason::kFull);
  queue.hours.always_open = false;  // no window: closed all week
  CHECK(Unavailable(queue, 0, 0) == vocabulary::UnavailableReason::kClosed);
}

TEST_CASE("an offer needs an available, connected, free and eligible agent") {
  Agent agent;
  agent.id = 7;
  agent.queues = {"general"};
  agent.languages = {"fr"};
  const QueueConfig general{"general", {}, {}, {"fr"}, {}, 10};
  const Conversation c = Conv("x", Priority::kNormal, 0);
  const AgentState ready{&agent, AgentStatus::kAvailable, true, false, 1};
  const int concurrency = 2;
  CHECK(CanOffer(ready, c, &general, concurrency, {}, 1000));

  AgentState away = ready;
  away.status = AgentStatus::kAway;
  CHECK_FALSE(CanOffer(away, c, &general, concurrency, {}, 1000));
  AgentState gone = ready;
  gone.connected = false;
  CHECK_FALSE(CanOffer(gone, c, &general, concurrency, {}, 1000));
  AgentState offered = ready;
  offered.offer_pending = true;
  CHECK_FALSE(CanOffer(offered, c, &general, concurrency, {}, 1000));
  AgentState full = ready;
  full.load = concurrency;
  CHECK_FALSE(CanOffer(full, c, &general, concurrency, {}, 1000));
  Conversation english = c;
  english.language = "en";
  CHECK_FALSE(CanOffer(ready, english, &general, concurrency, {}, 1000));

  // A transfer to a named agent: that agent only.
  CHECK(CanOffer(ready, c, &general, concurrency, {7, nullptr}, 1000));
  CHECK_FALSE(CanOffer(ready, c, &general, concurrency, {8, nullptr}, 1000));
  // Excluded until a time: not before it, again from it.
  const std::map<int64_t, TimeMs> excluded = {{7, 5000}};
  CHECK_FALSE(CanOffer(ready, c, &general, concurrency, {0, &excluded}, 4999));
  CHECK(CanOffer(ready, c, &general, concurrency, {0, &excluded}, 5000));
}

TEST_CASE("exclusions and slots") {
  CHECK(ExclusionAfterOffer(30) == 60000);
  CHECK(ExclusionAfterOffer(1) == 10000);  // at least 10 s
  Agent a, b, c;
  a.queues = {"general"};
  b.queues = {"general", "passports"};
  c.queues = {"general"};
  const std::vector<AgentState> agents = {{&a, AgentStatus::kAvailable, true, false, 3},
                                          {&b, AgentStatus::kAvailable, true, true, 0},
                                          {&c, AgentStatus::kAway, true, false, 0}};
  // Busy or with an offer pending, an available agent still counts: slots are capacity.
  CHECK(Slots(agents, "general", 3) == 6);
  CHECK(Slots(agents, "passports", 3) == 3);
  CHECK(Slots(agents, "taxes", 3) == 0);
}

TEST_CASE("least loaded, then longest idle") {
  CHECK_FALSE(PickAgent({}).has_value());
  std::vector<Candidate> c = {{1, 1, 100}, {2, 0, 500}, {3, 0, 200}, {4, 2, 0}};
  CHECK(PickAgent(c).value() == 2);  // agent 3: load 0 and idle since 200
  c[1].idle_since = 200;
  CHECK(PickAgent(c).value() == 1);  // tie: smaller id
}

TEST_CASE("wait estimate from recent handle times") {
  HandleTimes h(3, 240);
  CHECK(h.AverageSeconds() == 240);
  h.Add(60);
  h.Add(120);
  CHECK(h.AverageSeconds() == 90);
  h.Add(180);
  h.Add(240);  // window of 3: 120, 180, 240
  CHECK(h.AverageSeconds() == 180);
  CHECK(EstimateWaitSeconds(1, 180, 3) == 60);
  CHECK(EstimateWaitSeconds(4, 180, 3) == 240);
  CHECK(EstimateWaitSeconds(2, 100, 0) == 200);  // no agent: one slot
  CHECK(EstimateWaitSeconds(0, 100, 1) == 0);
}

}  // namespace
}  // namespace relais::server
