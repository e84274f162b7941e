#include "entry/pretty_json.h"

#include <gtest/gtest.h>

namespace remotemedia {
namespace {

TEST(PrettyJsonTest, IndentsMembersAndElementsOnePerLine) {
  EXPECT_EQ(pretty_json(R"({"status": "success", "outputs": {"add": [20, 24]}, "e": {}, "l": []})"),
            "{\n"
            "  \"status\": \"success\",\n"
            "  \"outputs\": {\n"
            "    \"add\": [\n"
            "      20,\n"
            "      24\n"
            "    ]\n"
            "  },\n"
            "  \"e\": {},\n"
            "  \"l\": []\n"
            "}");
}

TEST(PrettyJsonTest, LeavesStringsAndNumbersAsWritten) {
  EXPECT_EQ(pretty_json(R"(["a, b: {c}", "q\"[x]", 1.0e-7, -0.0])"),
            "[\n  \"a, b: {c}\",\n  \"q\\\"[x]\",\n  1.0e-7,\n  -0.0\n]");
  EXPECT_EQ(pretty_json(R"("just a string")"), R"("just a string")");
  EXPECT_EQ(pretty_json("42"), "42");
  EXPECT_EQ(pretty_json(""), "");
}

}  // namespace
}  // namespace remotemedia
