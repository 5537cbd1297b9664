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
  QueueConfig general{"general", "", "", {}, {"fr", "en"}, {}, 10};
  QueueConfig complaints{"complaints", "", "", {"complaints"}, {"fr"}, {}, 10};
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
