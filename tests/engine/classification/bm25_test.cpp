// Tests for BM25 retrieval.
#include "relais/engine/bm25.h"

#include <catch2/catch_test_macros.hpp>
#include <vector>

using namespace relais::engine;

namespace {

std::vector<Bm25Document> Faq() {
  return {
      {"To renew your passport, fill in the renewal form and bring two photos.",
       TextLanguage::kEnglish},
      {"Pour renouveler votre passeport, remplissez le formulaire de renouvellement.",
       TextLanguage::kFrench},
      {"Income tax returns are due on April 30.", TextLanguage::kEnglish},
      {"Les déclarations de revenus sont dues le 30 avril.", TextLanguage::kFrench},
      {"Our offices are open from 9 to 5, Monday to Friday.", TextLanguage::kEnglish},
      {"", TextLanguage::kEnglish},
  };
}

}  // namespace

TEST_CASE("BM25 finds the matching document first", "[bm25]") {
  auto index = Bm25Index::Build(Faq());
  REQUIRE(index.ok());
  const Bm25Index& i = index.value();
  CHECK(i.document_count() == 6);
  auto hits = i.Search("passport renewal", TextLanguage::kEnglish);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].document == 0);
  hits = i.Search("renouvellement du passeport", TextLanguage::kFrench);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].document == 1);
  hits = i.Search("When are tax returns due?", TextLanguage::kEnglish);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].document == 2);
  hits = i.Search("DÉCLARATION de revenus", TextLanguage::kFrench);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].document == 3);
  for (std::size_t k = 1; k < hits.size(); ++k) CHECK(hits[k - 1].score >= hits[k].score);
}

TEST_CASE("BM25 returns nothing for unrelated or empty queries", "[bm25]") {
  auto index = Bm25Index::Build(Faq());
  REQUIRE(index.ok());
  CHECK(index.value().Search("quantum chromodynamics", TextLanguage::kEnglish).empty());
  CHECK(index.value().Search("", TextLanguage::kEnglish).empty());
  CHECK(index.value().Search("the of and", TextLanguage::kEnglish).empty());  // stop words
  CHECK(index.value().Search("passport", TextLanguage::kEnglish, 0).empty());
}

TEST_CASE("BM25 round-trips through bytes and rejects corruption", "[bm25]") {
  auto index = Bm25Index::Build(Faq());
  REQUIRE(index.ok());
  const std::string bytes = index.value().Serialize();
  auto loaded = Bm25Index::Deserialize(bytes);
  REQUIRE(loaded.ok());
  CHECK(loaded.value().Serialize() == bytes);
  const auto a = index.value().Search("renew passport form", TextLanguage::kUnknown);
  const auto b = loaded.value().Search("renew passport form", TextLanguage::kUnknown);
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    CHECK(a[k].document == b[k].document);
    CHECK(a[k].score == b[k].score);
  }
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CHECK(Bm25Index::Deserialize(bytes.substr(0, n)).status().code() == StatusCode::kCorrupt);
  }
  std::string flipped = bytes;
  flipped[10] ^= 1;
  CHECK_FALSE(Bm25Index::Deserialize(flipped).ok());
}

TEST_CASE("BM25 validates its parameters and handles no documents", "[bm25]") {
  Bm25Options bad;
  bad.b = 2;
  CHECK(Bm25Index::Build(Faq(), bad).status().code() == StatusCode::kInvalidArgument);
  auto empty = Bm25Index::Build({});
  REQUIRE(empty.ok());
  CHECK(empty.value().Search("anything", TextLanguage::kEnglish).empty());
}
