#include "relais/server/protocol.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

namespace relais::server::protocol {
namespace {

using nlohmann::json;

struct Decoded {
  bool ok;
  Command command;
  FrameError error;

  template <typename C>
  const C& As() const {
    REQUIRE(std::holds_alternative<C>(command));
    return std::get<C>(command);
  }
};

Decoded Decode(std::string_view text, Role role = Role::kVisitor, DecodeLimits limits = {}) {
  Decoded d;
  d.ok = DecodeClientFrame(text, role, limits, &d.command, &d.error);
  return d;
}

TEST_CASE("valid frames decode") {
  auto d = Decode(R"({"type":"message.create","client_id":"c1","text":"Bonjour"})");
  REQUIRE(d.ok);
  CHECK(FrameOf(d.command) == ClientFrame::kMessageCreate);
  CHECK(d.As<command::MessageCreate>().text == "Bonjour");
  CHECK(d.As<command::MessageCreate>().client_id == "c1");
  d = Decode(R"({"type":"conversation.handoff","v":1,"language":"fr","queue":"general",
                 "transcript":[{"author":"visitor","text":"passeport?"},{"author":"bot","text":"..."}],
                 "entities":{"city":"Gatineau"},"future_field":true})");
  REQUIRE(d.ok);
  const auto& handoff = d.As<command::Handoff>();
  REQUIRE(handoff.transcript.size() == 2);
  CHECK(handoff.transcript[0].author == AuthorKind::kVisitor);
  CHECK(handoff.transcript[1].author == AuthorKind::kBot);
  CHECK(handoff.transcript[0].text == "passeport?");
  CHECK(json::parse(handoff.entities_json) == json{{"city", "Gatineau"}});
  CHECK(handoff.queue == "general");
  CHECK(handoff.reason == HandoffReason::kNone);
  d = Decode(R"({"type":"conversation.close","conversation_id":"x","outcome":"resolved"})",
             Role::kAgent);
  CHECK(d.ok);
  // An outcome is a word of the vocabulary the console can say in a sentence; what the
  // visitor did (visitor_left, visitor_gone) is the server's to record, not an agent's.
  for (std::string_view outcome : {"done", "visitor_left", "visitor_gone", "<b>x</b>"}) {
    INFO(outcome);
    d = Decode(R"({"type":"conversation.close","conversation_id":"x","outcome":")" +
                   std::string(outcome) + "\"}",
               Role::kAgent);
    CHECK_FALSE(d.ok);
    CHECK(d.error.code == ErrorCode::kInvalidField);
    CHECK(d.error.field == "outcome");
  }
}

TEST_CASE("bad frames give an error code, never a crash") {
  struct Case {
    std::string text;
    ErrorCode code;
    std::string_view field = "";  // the offending field the error names, if any
  };
  std::vector<Case> cases = {
      {"not json", ErrorCode::kBadJson},
      {"", ErrorCode::kBadJson},
      {"\xff\xfe", ErrorCode::kBadJson},
      {R"("a string")", ErrorCode::kBadFrame},
      {R"([1,2])", ErrorCode::kBadFrame},
      {R"({"text":"no type"})", ErrorCode::kMissingField, "type"},
      {R"({"type":42})", ErrorCode::kMissingField, "type"},
      {R"({"type":"no.such.type"})", ErrorCode::kUnknownType, "type"},
      {R"({"type":"message.create","text":"hi"})", ErrorCode::kMissingField, "client_id"},
      {R"({"type":"message.create","client_id":7,"text":"hi"})", ErrorCode::kInvalidField,
       "client_id"},
      {R"({"type":"message.create","client_id":"a","text":"   "})", ErrorCode::kInvalidField,
       "text"},
      {R"({"type":"message.create","client_id":"","text":"x"})", ErrorCode::kInvalidField,
       "client_id"},
      {R"({"type":"message.create","client_id":"a","text":"x","v":2})",
       ErrorCode::kUnsupportedVersion, "v"},
      {R"({"type":"conversation.accept","conversation_id":"x"})", ErrorCode::kNotAllowed},
      {R"({"type":"survey.submit","rating":6})", ErrorCode::kInvalidField, "rating"},
      {R"({"type":"survey.submit","rating":18446744073709551615})", ErrorCode::kInvalidField,
       "rating"},
      {R"({"type":"conversation.handoff","language":"fr","priority":"asap"})",
       ErrorCode::kInvalidField, "priority"},
      {R"({"type":"conversation.handoff","language":"fr","reason":"<img src=x>"})",
       ErrorCode::kInvalidField, "reason"},
      {R"({"type":"conversation.handoff","language":"fr","entities":[1]})",
       ErrorCode::kInvalidField, "entities"},
      {R"({"type":"followup.request","kind":"fax"})", ErrorCode::kInvalidField, "kind"},
      {R"({"type":"followup.request","kind":"callback"})", ErrorCode::kMissingField, "phone"},
      {R"({"type":"followup.request","kind":"message","phone":"1"})", ErrorCode::kMissingField,
       "text"},
      {R"({"type":"conversation.resume","conversation_id":"x","token":"t","last_seq":-1})",
       ErrorCode::kInvalidField, "last_seq"},
      {R"({"type":"conversation.handoff","language":"fr","transcript":[{"author":"agent","text":"x"}]})",
       ErrorCode::kInvalidField, "transcript[0].author"},
      {R"({"type":"conversation.handoff","language":"fr","transcript":[{"author":"bot","text":"a"},{"author":"bot"}]})",
       ErrorCode::kMissingField, "transcript[1].text"},
      {R"({"type":"conversation.handoff","language":"fr","transcript":[1]})",
       ErrorCode::kInvalidField, "transcript[0]"},
      {R"({"type":"conversation.handoff","language":"français-canadien"})", ErrorCode::kTooLarge,
       "language"},
      {R"({"type":"typing","active":true,"nested":[[[[[[[[[[[[1]]]]]]]]]]]]})",
       ErrorCode::kTooLarge},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto d = Decode(c.text);
    CHECK_FALSE(d.ok);
    CHECK(d.error.code == c.code);
    CHECK_FALSE(d.error.message.empty());
    CHECK(d.error.field == c.field);
    if (!c.field.empty() && c.code != ErrorCode::kUnknownType &&
        c.code != ErrorCode::kUnsupportedVersion) {
      CHECK(d.error.message.starts_with(std::string(c.field) + ": "));
    }
  }
}

TEST_CASE("null fields count as absent") {
  auto d =
      Decode(R"({"type":"conversation.handoff","language":"fr","queue":null,"priority":null})");
  REQUIRE(d.ok);
  CHECK(d.As<command::Handoff>().queue.empty());
  CHECK(d.As<command::Handoff>().priority == Priority::kNormal);
  d = Decode(R"({"type":"message.create","client_id":null,"text":"x"})");
  CHECK(d.error.code == ErrorCode::kMissingField);
}

TEST_CASE("budgets are enforced") {
  DecodeLimits limits;
  limits.max_text_bytes = 10;
  limits.max_frame_bytes = 200;
  limits.max_transcript = 2;
  auto d = Decode(R"({"type":"message.create","client_id":"a","text":"0123456789A"})",
                  Role::kVisitor, limits);
  CHECK(d.error.code == ErrorCode::kTooLarge);
  d = Decode(std::string(R"({"type":"ping","pad":")") + std::string(300, 'x') + "\"}",
             Role::kVisitor, limits);
  CHECK(d.error.code == ErrorCode::kTooLarge);
  d = Decode(R"({"type":"conversation.handoff","language":"fr","transcript":[
                {"author":"bot","text":"a"},{"author":"bot","text":"b"},{"author":"bot","text":"c"}]})",
             Role::kVisitor, limits);
  CHECK(d.error.code == ErrorCode::kTooLarge);
}

TEST_CASE("role-specific required fields") {
  // Agents must say which conversation; visitors have only one.
  auto d = Decode(R"({"type":"message.create","client_id":"a","text":"x"})", Role::kAgent);
  CHECK(d.error.code == ErrorCode::kMissingField);
  d = Decode(R"({"type":"typing","active":false})", Role::kVisitor);
  CHECK(d.ok);
}

TEST_CASE("conversation.view takes an optional before_seq to page back") {
  auto d = Decode(R"({"type":"conversation.view","conversation_id":"x"})", Role::kAgent);
  REQUIRE(d.ok);
  CHECK(d.As<command::View>().before_seq == 0);
  d = Decode(R"({"type":"conversation.view","conversation_id":"x","before_seq":251})",
             Role::kAgent);
  REQUIRE(d.ok);
  CHECK(d.As<command::View>().before_seq == 251);
  for (const char* bad :
       {R"({"type":"conversation.view","conversation_id":"x","before_seq":0})",
        R"({"type":"conversation.view","conversation_id":"x","before_seq":-5})",
        R"({"type":"conversation.view","conversation_id":"x","before_seq":"9"})",
        R"({"type":"conversation.view","conversation_id":"x","before_seq":1.5})"}) {
    INFO(bad);
    d = Decode(bad, Role::kAgent);
    CHECK_FALSE(d.ok);
    CHECK(d.error.code == ErrorCode::kInvalidField);
    CHECK(d.error.field == "before_seq");
  }
}

TEST_CASE("who may send a frame is the vocabulary's rule, for every frame type") {
  for (ClientFrame frame : vocabulary::kClientFrameValues) {
    const std::string text = R"({"type":")" + std::string(vocabulary::Name(frame)) + R"("})";
    for (Role role : vocabulary::kRoleValues) {
      INFO(text << " as " << vocabulary::Name(role));
      auto d = Decode(text, role);
      // A frame its role may not send is refused before its fields are read;
      // one it may send is then judged on its fields alone.
      if (vocabulary::MaySend(role, frame)) {
        CHECK(d.error.code != ErrorCode::kNotAllowed);
        if (d.ok) CHECK(FrameOf(d.command) == frame);
      } else {
        CHECK_FALSE(d.ok);
        CHECK(d.error.code == ErrorCode::kNotAllowed);
        CHECK(d.error.request_type == vocabulary::Name(frame));
      }
    }
  }
}

TEST_CASE("commands carry typed values") {
  auto d = Decode(R"({"type":"conversation.handoff","language":"en","priority":"urgent",
                      "reason":"sensitive_topic"})");
  REQUIRE(d.ok);
  CHECK(d.As<command::Handoff>().priority == Priority::kUrgent);
  CHECK(d.As<command::Handoff>().reason == HandoffReason::kSensitiveTopic);
  d = Decode(R"({"type":"conversation.handoff","language":"fr","visitor_languages":["iu","cr"]})");
  REQUIRE(d.ok);
  CHECK(d.As<command::Handoff>().visitor_languages == std::vector<std::string>{"iu", "cr"});
  d = Decode(R"({"type":"conversation.handoff","language":"fr","visitor_languages":["iu",7]})");
  CHECK(d.error.field == "visitor_languages[1]");
  d = Decode(
      R"({"type":"conversation.handoff","language":"fr","visitor_languages":["a","b","c","d","e"]})");
  CHECK(d.error.code == ErrorCode::kTooLarge);
  d = Decode(R"({"type":"agent.status","status":"available"})", Role::kAgent);
  REQUIRE(d.ok);
  CHECK(d.As<command::SetAgentStatus>().status == AgentStatus::kAvailable);
  d = Decode(R"({"type":"agent.status","status":"busy"})", Role::kAgent);
  CHECK(d.error.field == "status");
  CHECK(d.error.message == "status: one of offline, available, away");
  d = Decode(R"({"type":"conversation.transfer","conversation_id":"c","agent_email":"A@B.ca"})",
             Role::kAgent);
  REQUIRE(d.ok);
  CHECK(d.As<command::Transfer>().agent_email == "a@b.ca");
  d = Decode(R"({"type":"conversation.transfer","conversation_id":"c"})", Role::kAgent);
  CHECK(d.error.code == ErrorCode::kMissingField);
  d = Decode(R"({"type":"followup.request","kind":"callback","phone":"613"})");
  REQUIRE(d.ok);
  CHECK(d.As<command::FollowUpRequest>().kind == FollowUpKind::kCallback);
}

TEST_CASE("server frames carry type and version") {
  json out = json::parse(EncodeFrame(ServerFrame::kMessageAck, {{"seq", 3}}));
  CHECK(out["type"] == "message.ack");
  CHECK(out["v"] == kVersion);
  CHECK(out["seq"] == 3);
  json err =
      json::parse(EncodeError({ErrorCode::kTooLarge, "text: big", "message.create", "text"}));
  CHECK(err["type"] == "error");
  CHECK(err["code"] == "too_large");
  CHECK(err["request_type"] == "message.create");
  CHECK(err["field"] == "text");
  CHECK_FALSE(
      json::parse(EncodeError({ErrorCode::kBadJson, "not JSON", "", ""})).contains("field"));
  CHECK(json::parse(EncodeFrame(ServerFrame::kMessageAck, json::object())) ==
        json{{"type", "message.ack"}, {"v", kVersion}});
  const json nested = {{"conversation", {{"id", "c1"}, {"tags", {"a", "b"}}}}, {"empty", {}}};
  json with_nested = nested;
  with_nested["type"] = "conversation.detail";
  with_nested["v"] = kVersion;
  CHECK(json::parse(EncodeFrame(ServerFrame::kConversationDetail, nested)) == with_nested);
  // Members named like the frame's own are replaced, never duplicated.
  const std::string clash =
      EncodeFrame(ServerFrame::kMessageAck, {{"type", "x"}, {"v", 99}, {"seq", 1}});
  CHECK(json::parse(clash) == json{{"type", "message.ack"}, {"v", kVersion}, {"seq", 1}});
  CHECK(clash.find("\"type\"", clash.find("\"type\"") + 1) == std::string::npos);
  // Invalid UTF-8 in data is replaced, not thrown.
  json bad =
      json::parse(EncodeFrame(ServerFrame::kMessageCreated, {{"text", std::string("a\xff")}}));
  CHECK(bad["text"].get<std::string>().size() > 1);
}

}  // namespace
}  // namespace relais::server::protocol
