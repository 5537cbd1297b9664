// The real engine as a regression-test predictor (internal to relais-kb).
#ifndef RELAIS_KB_SRC_ENGINE_PREDICTOR_H_
#define RELAIS_KB_SRC_ENGINE_PREDICTOR_H_

#include <string_view>

#include "relais/engine/status.h"
#include "relais/kb/regression.h"

namespace relais::kb {

// A Predictor that asks relais::engine::Engine, loaded from `bundle` (the bytes
// of a bundle; copied as needed), each question with the page language set to
// the regression file's language and no history. Fails when the bundle or its
// model cannot be loaded.
engine::Result<Predictor> MakeEnginePredictor(std::string_view bundle);

}  // namespace relais::kb

#endif  // RELAIS_KB_SRC_ENGINE_PREDICTOR_H_
