// JSON Schemas from bareme_describe's JSON (inputs, outputs) and the service's OpenAPI 3 document.
#include "schema.hpp"

namespace bareme::serve {
namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// The JSON Schema of one value of a Barème type, as `bareme eval --input` reads it.
json value_schema(const json& item) {
  const std::string type = text_of(item, "type");
  json schema;
  if (item.contains("cases") && item["cases"].is_array()) {
    json names = json::array();
    for (const auto& c : item["cases"])
      names.push_back(c.is_object() ? json(c.value("name", "")) : c);
    schema = {{"type", "string"}, {"enum", names}};
  } else if (type == "Bool") {
    schema = {{"type", "boolean"}};
  } else if (type == "Int") {
    schema = {{"type", "integer"}};
  } else if (type == "Money") {
    schema = {{"type", "number"}, {"description", "euros"}};
  } else if (type == "Rate") {
    schema = {{"type", "number"}, {"description", "a fraction: 0.6 is 60 %"}};
  } else if (type == "Decimal" || type.rfind("Quantity", 0) == 0) {
    schema = {{"type", "number"}};
  } else if (type == "Date") {
    schema = {{"type", "string"}, {"format", "date"}};
  } else if (type.rfind("List", 0) == 0 || type.rfind("[", 0) == 0) {
    schema = {{"type", "array"}};
  } else if (type == "Text" || type == "Duration") {
    schema = {{"type", "string"}};
  } else {
    schema = json::object();  // a record or a type this version does not map: any JSON value
  }
  if (!type.empty()) schema["x-bareme-type"] = type;
  const std::string unit = text_of(item, "unit");
  if (!unit.empty()) schema["x-bareme-unit"] = unit;
  const std::string doc = text_of(item, "doc");
  if (!doc.empty()) schema["description"] = doc;
  for (const auto& [bound, keyword] :
       {std::pair{"at_least", "minimum"}, std::pair{"at_most", "maximum"}}) {
    auto it = item.find(bound);
    if (it == item.end() || it->is_null()) continue;
    if (it->is_number())
      schema[keyword] = *it;
    else
      schema[std::string("x-bareme-") + bound] = *it;  // a bound written as the language writes it
  }
  if (item.contains("default") && !item["default"].is_null()) schema["default"] = item["default"];
  return schema;
}

const json& array_of(const json& describe, const char* key) {
  static const json empty = json::array();
  auto it = describe.find(key);
  return it != describe.end() && it->is_array() ? *it : empty;
}

}  // namespace

json input_schema(const json& describe) {
  json properties = json::object(), required = json::array();
  for (const auto& input : array_of(describe, "inputs")) {
    const std::string name = text_of(input, "name");
    if (name.empty()) continue;
    properties[name] = value_schema(input);
    const bool has_default = input.contains("default");
    if (input.value("required", !has_default)) required.push_back(name);
  }
  json schema = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                 {"title", text_of(describe, "name") + " application"},
                 {"type", "object"},
                 {"properties", properties},
                 {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

json output_schema(const json& describe) {
  json outputs = json::object();
  for (const auto& output : array_of(describe, "outputs")) {
    const std::string name = text_of(output, "name");
    if (!name.empty()) outputs[name] = value_schema(output);
  }
  const json nullable_number = {{"type", {"number", "null"}}};
  json schema = {
      {"$schema", "https://json-schema.org/draft/2020-12/schema"},
      {"title", text_of(describe, "name") + " result"},
      {"type", "object"},
      {"required", {"scheme", "eligible", "amount"}},
      {"properties",
       {{"scheme", {{"type", "string"}}},
        {"evaluation_date", {{"type", {"string", "null"}}}},
        {"eligible",
         {{"type", {"boolean", "null"}}, {"description", "null: cannot be decided (see errors)"}}},
        {"amount", nullable_number},
        {"failed", {{"type", "array"}}},
        {"combines", {{"type", "array"}}},
        {"outputs",
         {{"type", "array"},
          {"description", "one {name, type, value, text} per declared output"},
          {"x-bareme-outputs", outputs}}},
        {"errors", {{"type", "array"}}}}}};
  return schema;
}

json openapi_document(const std::vector<std::pair<std::string, json>>& schemes) {
  const json error_ref = {{"$ref", "#/components/schemas/Error"}};
  auto errors = [&](std::initializer_list<const char*> codes) {
    json responses = json::object();
    for (const char* code : codes)
      responses[code] = {{"description", "an error"},
                         {"content", {{"application/json", {{"schema", error_ref}}}}}};
    return responses;
  };
  auto get = [](const char* summary) {
    json operation = {{"summary", summary}};
    operation["responses"]["200"]["description"] = "OK";
    return json{{"get", operation}};
  };
  json paths = json::object();
  paths["/health"] = get("the service's state and the files that do not compile");
  paths["/metrics"] = get("Prometheus text");
  paths["/schemes"] = get("the schemes served");
  paths["/openapi.json"] = get("this document");
  json error_object = {{"type", "object"}};
  error_object["properties"]["code"] = {{"type", "string"}};
  error_object["properties"]["message"] = {{"type", "string"}};
  json components = json::object();
  components["Error"] = {{"type", "object"}, {"required", {"error"}}};
  components["Error"]["properties"]["error"] = error_object;
  const json as_of = {{"name", "as_of"},
                      {"in", "query"},
                      {"required", false},
                      {"schema", {{"type", "string"}, {"format", "date"}}}};
  for (const auto& [name, describe] : schemes) {
    const std::string base = "/schemes/" + name;
    components[name + "_input"] = input_schema(describe);
    components[name + "_output"] = output_schema(describe);
    components[name + "_input"].erase("$schema");
    components[name + "_output"].erase("$schema");
    const json body = {{"required", true},
                       {"content",
                        {{"application/json",
                          {{"schema", {{"$ref", "#/components/schemas/" + name + "_input"}}}}}}}};
    auto post = [&](const char* summary, json ok_schema) {
      json responses = errors({"400", "401", "404", "413", "503", "504"});
      responses["200"] = {{"description", "the answer"},
                          {"content", {{"application/json", {{"schema", ok_schema}}}}}};
      return json{{"post",
                   {{"summary", summary},
                    {"parameters", {as_of}},
                    {"requestBody", body},
                    {"responses", responses}}}};
    };
    paths[base] = get("the scheme's description and JSON Schemas");
    paths[base + "/document"] = get(
        "the scheme's documentation: parameters by period, tables, assumptions, conditions, files");
    paths[base + "/evaluate"] =
        post("what `bareme eval` prints", {{"$ref", "#/components/schemas/" + name + "_output"}});
    paths[base + "/explain"] =
        post("what `bareme explain --format json` prints", {{"type", "object"}});
    paths[base + "/missing"] = post("what `bareme eval --missing` prints", {{"type", "object"}});
    json rows = {{"text/csv", {{"schema", {{"type", "string"}}}}},
                 {"application/x-ndjson", {{"schema", {{"type", "string"}}}}}};
    json score_responses = errors({"400", "401", "404", "413", "503"});
    score_responses["200"] = {{"description", "one row out per row in, same format"},
                              {"content", rows}};
    paths[base + "/score"] = {{"post",
                               {{"summary", "rows as `bareme score` scores them"},
                                {"parameters",
                                 {as_of,
                                  {{"name", "format"},
                                   {"in", "query"},
                                   {"required", false},
                                   {"schema", {{"type", "string"}, {"enum", {"csv", "jsonl"}}}}}}},
                                {"requestBody", {{"required", true}, {"content", rows}}},
                                {"responses", score_responses}}}};
  }
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "bareme serve"}, {"version", "1"}}},
          {"components",
           {{"schemas", components},
            {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
          {"paths", paths}};
}

}  // namespace bareme::serve
