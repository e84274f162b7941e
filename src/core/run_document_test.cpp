#include "core/run_document.h"

#include <gtest/gtest.h>

namespace remotemedia {
namespace {

class RunDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(register_builtin_nodes(registry_).is_ok()); }
  NodeRegistry registry_;
};

constexpr const char* kCalculator = R"({"manifest": {"version": "v1", "metadata": {"name": "calc"},
  "nodes": [{"id": "multiply", "node_type": "MultiplyNode", "params": {"factor": 2}},
            {"id": "add", "node_type": "AddNode", "params": {"addend": 10}}],
  "connections": [{"from": "multiply", "to": "add"}]}, "input_data": [5, 7, 3]})";

TEST_F(RunDocumentTest, RunsTheCalculator) {
  RunReport r = run_document(kCalculator, registry_, {});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(
      r.result_json,
      R"({"status": "success", "outputs": {"add": [20, 24, 16]}, "graph_info": {"node_count": 2, )"
      R"("source_count": 1, "sink_count": 1, "execution_order": ["multiply", "add"]}})");
  EXPECT_TRUE(r.error_line.empty());
}

TEST_F(RunDocumentTest, ValidateOnlyRunsNothing) {
  RunOptions options;
  options.validate_only = true;
  RunReport r = run_document(kCalculator, registry_, options);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.result_json.rfind(R"({"status": "valid", "graph_info": )", 0), 0u) << r.result_json;
}

TEST_F(RunDocumentTest, InvalidInputExitsTwoAndRunFailureOne) {
  RunReport bad = run_document("{", registry_, {});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.result_json.rfind(R"({"status": "error", "error": {"code": "invalid_json")", 0),
            0u);
  EXPECT_EQ(bad.error_line.rfind("remotemedia: error [invalid_json]", 0), 0u);

  RunReport failed = run_document(R"({"manifest": {"version": "v1", "metadata": {"name": "x"},
      "nodes": [{"id": "m", "node_type": "MultiplyNode"}]}, "input_data": ["text"]})",
                                  registry_, {});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.result_json.find(R"("code": "type_error")"), std::string::npos);
  EXPECT_NE(failed.result_json.find(R"("node_id": "m")"), std::string::npos);
}

TEST_F(RunDocumentTest, MetricsStayOutOfTheResult) {
  RunOptions options;
  options.collect_metrics = true;
  RunReport with = run_document(kCalculator, registry_, options);
  RunReport without = run_document(kCalculator, registry_, {});
  EXPECT_EQ(with.result_json, without.result_json);
  ASSERT_EQ(with.metrics.size(), 2u);
  EXPECT_EQ(with.metrics[0].items_in, 3u);
  EXPECT_NE(metrics_json(with).find(R"("id": "add", "items_in": 3, "items_out": 3)"),
            std::string::npos);
}

}  // namespace
}  // namespace remotemedia
