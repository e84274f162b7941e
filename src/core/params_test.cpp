#include "core/params.h"

#include <gtest/gtest.h>

namespace remotemedia {
namespace {

NodeTypeSpec spec() {
  NodeTypeSpec s;
  s.name = "T";
  s.params = {ParamSpec::optional("factor", ParamType::kNumber, Value(2), ""),
              ParamSpec::required("label", ParamType::kString, ""),
              ParamSpec::optional("flag", ParamType::kBool, Value(false), "")};
  return s;
}

TEST(Params, FillsDefaultsInDeclarationOrder) {
  Result<Map> p = validate_params(spec(), Map{{"label", Value("x")}}, "n", "$.nodes[0].params");
  ASSERT_TRUE(p.is_ok()) << p.error().message;
  std::string keys;
  for (const auto& e : *p) keys += e.first + ",";
  EXPECT_EQ(keys, "factor,label,flag,");
  EXPECT_EQ(*p->find("factor"), Value(2));
}

TEST(Params, ChoicesAndRangesAreCheckedWithThePathAndWhatWasAllowed) {
  NodeTypeSpec s;
  s.name = "Asr";
  s.params = {ParamSpec::optional("language", ParamType::kString, Value("en"), "")
                  .one_of({Value("en"), Value("auto")}),
              ParamSpec::optional("threads", ParamType::kInt, Value(2), "").in_range(1, 8)};
  EXPECT_TRUE(validate_params(s, Map{{"language", Value("auto")}, {"threads", Value(8)}}, "a", "$")
                  .is_ok());
  Result<Map> language = validate_params(s, Map{{"language", Value("fr")}}, "a", "$.p");
  ASSERT_FALSE(language.is_ok());
  EXPECT_EQ(language.error().code, "invalid_param");
  EXPECT_EQ(language.error().path, "$.p.language");
  EXPECT_EQ(language.error().message,
            R"(param "language" must be one of ["en", "auto"], got "fr")");
  Result<Map> threads = validate_params(s, Map{{"threads", Value(0)}}, "a", "$.p");
  ASSERT_FALSE(threads.is_ok());
  EXPECT_EQ(threads.error().path, "$.p.threads");
  EXPECT_EQ(threads.error().message, R"(param "threads" must be in 1..8, got 0)");
}

TEST(Params, NumberAcceptsIntAndFloatButNotBool) {
  EXPECT_TRUE(validate_params(spec(), Map{{"label", Value("x")}, {"factor", Value(1.5)}}, "n", "$")
                  .is_ok());
  Result<Map> p =
      validate_params(spec(), Map{{"label", Value("x")}, {"factor", Value(true)}}, "n", "$.p");
  ASSERT_FALSE(p.is_ok());
  EXPECT_EQ(p.error().code, "invalid_param");
  EXPECT_EQ(p.error().path, "$.p.factor");
  EXPECT_EQ(p.error().node_id, "n");
}

TEST(Params, RejectsUnknownAndMissing) {
  Result<Map> unknown =
      validate_params(spec(), Map{{"label", Value("x")}, {"factr", Value(1)}}, "n", "$.p");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.error().code, "unknown_param");
  EXPECT_NE(unknown.error().message.find("known params: factor, label, flag"), std::string::npos);
  Result<Map> missing = validate_params(spec(), Map{}, "n", "$.p");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.error().code, "missing_param");
  EXPECT_EQ(missing.error().path, "$.p.label");
}

}  // namespace
}  // namespace remotemedia
