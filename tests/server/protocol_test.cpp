#include "relais/server/protocol.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

namespace relais::server::protocol {
namespace {

using nlohmann::json;

struct Decoded {
  bool ok;
  ClientFrame frame;
  FrameError error;
};

Decoded Decode(std::string_view text, Role role = Role::kVisitor, DecodeLimits limits = {}) {
  Decoded d;
  d.ok = DecodeClientFrame(text, role, limits, &d.frame, &d.error);
  return d;
}

TEST_CASE("valid frames decode") {
  auto d = Decode(R"({"type":"message.create","client_id":"c1","text":"Bonjour"})");
  REQUIRE(d.ok);
  CHECK(d.frame.type == "message.create");
  CHECK(d.frame.body["text"] == "Bonjour");
  d = Decode(R"({"type":"conversation.handoff","v":1,"language":"fr","queue":"general",
                 "transcript":[{"author":"visitor","text":"passeport?"},{"author":"bot","text":"..."}],
                 "entities":{"city":"Gatineau"},"future_field":true})");
  REQUIRE(d.ok);
  CHECK(d.frame.body["transcript"].size() == 2);
  d = Decode(R"({"type":"conversation.close","conversation_id":"x","outcome":"resolved"})",
             Role::kAgent);
  CHECK(d.ok);
}

TEST_CASE("bad frames give an error code, never a crash") {
  struct Case {
    std::string text;
    std::string_view code;
  };
  std::vector<Case> cases = {
      {"not json", code::kBadJson},
      {"", code::kBadJson},
      {"\xff\xfe", code::kBadJson},
      {R"("a string")", code::kBadFrame},
      {R"([1,2])", code::kBadFrame},
      {R"({"text":"no type"})", code::kMissingField},
      {R"({"type":42})", code::kMissingField},
      {R"({"type":"no.such.type"})", code::kUnknownType},
      {R"({"type":"message.create","text":"hi"})", code::kMissingField},
      {R"({"type":"message.create","client_id":7,"text":"hi"})", code::kInvalidField},
      {R"({"type":"message.create","client_id":"a","text":"   "})", code::kInvalidField},
      {R"({"type":"message.create","client_id":"","text":"x"})", code::kInvalidField},
      {R"({"type":"message.create","client_id":"a","text":"x","v":2})", code::kUnsupportedVersion},
      {R"({"type":"conversation.accept","conversation_id":"x"})", code::kNotAllowed},
      {R"({"type":"survey.submit","rating":6})", code::kInvalidField},
      {R"({"type":"conversation.resume","conversation_id":"x","token":"t","last_seq":-1})",
       code::kInvalidField},
      {R"({"type":"conversation.handoff","language":"fr","transcript":[{"author":"agent","text":"x"}]})",
       code::kInvalidField},
      {R"({"type":"conversation.handoff","language":"fr","transcript":[{"author":"bot"}]})",
       code::kMissingField},
      {R"({"type":"conversation.handoff","language":"fr","transcript":[1]})", code::kInvalidField},
      {R"({"type":"conversation.handoff","language":"français-canadien"})", code::kTooLarge},
      {R"({"type":"typing","active":true,"nested":[[[[[[[[[[[[1]]]]]]]]]]]]})", code::kTooLarge},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto d = Decode(c.text);
    CHECK_FALSE(d.ok);
    CHECK(d.error.code == c.code);
    CHECK_FALSE(d.error.message.empty());
  }
}

TEST_CASE("null fields count as absent") {
  auto d =
      Decode(R"({"type":"conversation.handoff","language":"fr","queue":null,"priority":null})");
  REQUIRE(d.ok);
  CHECK_FALSE(d.frame.body.contains("queue"));
  CHECK(d.frame.body.value("priority", "normal") == "normal");
  d = Decode(R"({"type":"message.create","client_id":null,"text":"x"})");
  CHECK(d.error.code == code::kMissingField);
}

TEST_CASE("budgets are enforced") {
  DecodeLimits limits;
  limits.max_text_bytes = 10;
  limits.max_frame_bytes = 200;
  limits.max_transcript = 2;
  auto d = Decode(R"({"type":"message.create","client_id":"a","text":"0123456789A"})",
                  Role::kVisitor, limits);
  CHECK(d.error.code == code::kTooLarge);
  d = Decode(std::string(R"({"type":"ping","pad":")") + std::string(300, 'x') + "\"}",
             Role::kVisitor, limits);
  CHECK(d.error.code == code::kTooLarge);
  d = Decode(R"({"type":"conversation.handoff","language":"fr","transcript":[
                {"author":"bot","text":"a"},{"author":"bot","text":"b"},{"author":"bot","text":"c"}]})",
             Role::kVisitor, limits);
  CHECK(d.error.code == code::kTooLarge);
}

TEST_CASE("role-specific required fields") {
  // Agents must say which conversation; visitors have only one.
  auto d = Decode(R"({"type":"message.create","client_id":"a","text":"x"})", Role::kAgent);
  CHECK(d.error.code == code::kMissingField);
  d = Decode(R"({"type":"typing","active":false})", Role::kVisitor);
  CHECK(d.ok);
}

TEST_CASE("conversation.view takes an optional before_seq to page back") {
  auto d = Decode(R"({"type":"conversation.view","conversation_id":"x"})", Role::kAgent);
  REQUIRE(d.ok);
  CHECK_FALSE(d.frame.body.contains("before_seq"));
  d = Decode(R"({"type":"conversation.view","conversation_id":"x","before_seq":251})",
             Role::kAgent);
  REQUIRE(d.ok);
  CHECK(d.frame.body["before_seq"] == 251);
  for (const char* bad :
       {R"({"type":"conversation.view","conversation_id":"x","before_seq":0})",
        R"({"type":"conversation.view","conversation_id":"x","before_seq":-5})",
        R"({"type":"conversation.view","conversation_id":"x","before_seq":"9"})",
        R"({"type":"conversation.view","conversation_id":"x","before_seq":1.5})"}) {
    INFO(bad);
    d = Decode(bad, Role::kAgent);
    CHECK_FALSE(d.ok);
    CHECK(d.error.code == code::kInvalidField);
    CHECK(d.error.message.find("before_seq") != std::string::npos);
  }
}

TEST_CASE("server frames carry type and version") {
  json out = json::parse(EncodeFrame(type::kMessageAck, {{"seq", 3}}));
  CHECK(out["type"] == "message.ack");
  CHECK(out["v"] == kVersion);
  CHECK(out["seq"] == 3);
  json err = json::parse(EncodeError({code::kTooLarge, "big", "message.create"}));
  CHECK(err["type"] == "error");
  CHECK(err["code"] == "too_large");
  CHECK(err["request_type"] == "message.create");
  CHECK(json::parse(EncodeFrame(type::kMessageAck, json::object())) ==
        json{{"type", "message.ack"}, {"v", kVersion}});
  const json nested = {{"conversation", {{"id", "c1"}, {"tags", {"a", "b"}}}}, {"empty", {}}};
  json with_nested = nested;
  with_nested["type"] = "conversation.detail";
  with_nested["v"] = kVersion;
  CHECK(json::parse(EncodeFrame(type::kDetail, nested)) == with_nested);
  // Members named like the frame's own are replaced, never duplicated.
  const std::string clash = EncodeFrame(type::kMessageAck, {{"type", "x"}, {"v", 99}, {"seq", 1}});
  CHECK(json::parse(clash) == json{{"type", "message.ack"}, {"v", kVersion}, {"seq", 1}});
  CHECK(clash.find("\"type\"", clash.find("\"type\"") + 1) == std::string::npos);
  // Invalid UTF-8 in data is replaced, not thrown.
  json bad = json::parse(EncodeFrame(type::kMessageCreated, {{"text", std::string("a\xff")}}));
  CHECK(bad["text"].get<std::string>().size() > 1);
}

}  // namespace
}  // namespace relais::server::protocol
