// Tests for the English (Porter) and French (light, Savoy/Lucene) stemmers.
#include "relais/engine/stemmer.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

using relais::engine::Stem;
using relais::engine::StemEnglish;
using relais::engine::StemFrench;
using relais::engine::TextLanguage;

TEST_CASE("English stemmer conflates inflections and common suffixes", "[stemmer]") {
  CHECK(StemEnglish("passports") == StemEnglish("passport"));
  CHECK(StemEnglish("renewal") == StemEnglish("renew"));
  CHECK(StemEnglish("renewing") == StemEnglish("renew"));
  CHECK(StemEnglish("renewed") == StemEnglish("renew"));
  CHECK(StemEnglish("applications") == StemEnglish("application"));
  CHECK(StemEnglish("cancelled") == "cancel");
  CHECK(StemEnglish("payments") == StemEnglish("payment"));
  CHECK(StemEnglish("cities") == StemEnglish("city"));
}

TEST_CASE("English stemmer matches Porter's reference outputs", "[stemmer]") {
  // From Porter's published vocabulary / output lists.
  CHECK(StemEnglish("caresses") == "caress");
  CHECK(StemEnglish("ponies") == "poni");
  CHECK(StemEnglish("ties") == "ti");
  CHECK(StemEnglish("cats") == "cat");
  CHECK(StemEnglish("feed") == "feed");
  CHECK(StemEnglish("agreed") == "agre");
  CHECK(StemEnglish("plastered") == "plaster");
  CHECK(StemEnglish("motoring") == "motor");
  CHECK(StemEnglish("sing") == "sing");
  CHECK(StemEnglish("conflated") == "conflat");
  CHECK(StemEnglish("hopping") == "hop");
  CHECK(StemEnglish("falling") == "fall");
  CHECK(StemEnglish("filing") == "file");
  CHECK(StemEnglish("happy") == "happi");
  CHECK(StemEnglish("relational") == "relat");
  CHECK(StemEnglish("generalization") == "gener");
  CHECK(StemEnglish("electricity") == "electr");
  CHECK(StemEnglish("hopefulness") == "hope");
  CHECK(StemEnglish("adjustment") == "adjust");
  CHECK(StemEnglish("controlling") == "control");
  CHECK(StemEnglish("rolling") == "roll");
}

TEST_CASE("English stemmer leaves short, numeric and non-ASCII words alone", "[stemmer]") {
  CHECK(StemEnglish("is") == "is");
  CHECK(StemEnglish("a") == "a");
  CHECK(StemEnglish("") == "");
  CHECK(StemEnglish("2024") == "2024");
  CHECK(StemEnglish("covid19") == "covid19");
  CHECK(StemEnglish("привет") == "привет");
}

TEST_CASE("French stemmer conflates renouvellement and renouveler", "[stemmer]") {
  const std::string stem = StemFrench("renouveler");
  CHECK(StemFrench("renouvellement") == stem);
  CHECK(StemFrench("renouvellements") == stem);
  CHECK(StemFrench("renouvelle") == stem);
  CHECK(StemFrench("renouvele") == stem);   // renouvelé, folded
  CHECK(StemFrench("renouveles") == stem);  // renouvelés
}

TEST_CASE("French stemmer handles plurals and derivational suffixes", "[stemmer]") {
  CHECK(StemFrench("passeports") == StemFrench("passeport"));
  CHECK(StemFrench("chevaux") == StemFrench("cheval"));
  CHECK(StemFrench("nationaux") == StemFrench("national"));
  CHECK(StemFrench("inscription") == StemFrench("inscriptions"));
  CHECK(StemFrench("demandes") == StemFrench("demande"));
  CHECK(StemFrench("demander") == StemFrench("demande"));
  CHECK(StemFrench("impots") == StemFrench("impot"));
  CHECK(StemFrench("personnelle") == StemFrench("personnel"));
  CHECK(StemFrench("travailleuse") == StemFrench("travailleur"));
  CHECK(StemFrench("administratrice") == StemFrench("administrateur"));
  CHECK(StemFrench("rapidement") == "rapid");
}

TEST_CASE("French stemmer keeps different words apart", "[stemmer]") {
  CHECK(StemFrench("permis") != StemFrench("passeport"));
  CHECK(StemFrench("carte") != StemFrench("compte"));
  CHECK(StemFrench("le") == "le");
  CHECK(StemFrench("2024") == "2024");
}

TEST_CASE("Stem dispatches on the language", "[stemmer]") {
  CHECK(Stem("renewals", TextLanguage::kEnglish) == StemEnglish("renewals"));
  CHECK(Stem("renouvellement", TextLanguage::kFrench) == StemFrench("renouvellement"));
  CHECK(Stem("renewals", TextLanguage::kUnknown) == StemEnglish("renewals"));
}
