// JSON Schemas of a scheme's inputs and outputs, built from bareme_describe's JSON, and the OpenAPI
// 3 document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bareme::serve {

// The JSON Schema of the application object POST /evaluate reads.
nlohmann::json input_schema(const nlohmann::json& describe);
// The JSON Schema of what /evaluate answers (the JSON of `bareme eval`).
nlohmann::json output_schema(const nlohmann::json& describe);
// The OpenAPI 3.1 document of the service with its schemes (name, describe JSON).
nlohmann::json openapi_document(const std::vector<std::pair<std::string, nlohmann::json>>& schemes);

}  // namespace bareme::serve
