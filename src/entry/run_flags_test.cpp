#include "entry/run_flags.h"

#include <gtest/gtest.h>

namespace remotemedia {
namespace {

TEST(RunFlagsTest, ParsesEachLimitFlag) {
  std::vector<std::string> args = {
      "--max-input-bytes", "10", "--max-output-items", "20", "--max-output-bytes", "30", "other"};
  CallOptions limits = cli_call_options();
  std::string error;
  std::size_t i = 0;
  for (; i < 6; ++i) ASSERT_EQ(parse_limit_flag(args, &i, &limits, &error), FlagParse::kParsed);
  EXPECT_EQ(parse_limit_flag(args, &i, &limits, &error), FlagParse::kNotMine);
  EXPECT_EQ(limits.max_input_bytes, 10u);
  EXPECT_EQ(limits.max_output_items, 20u);
  EXPECT_EQ(limits.max_output_bytes, 30u);
  EXPECT_EQ(limit_flag_args(limits),
            (std::vector<std::string>{"--max-input-bytes", "10", "--max-output-items", "20",
                                      "--max-output-bytes", "30"}));
}

TEST(RunFlagsTest, DefaultsAreTheDocumentedOnesNamedAsTheCliSpellsThem) {
  CallOptions limits = cli_call_options();
  EXPECT_EQ(limits.max_input_bytes, std::uint64_t{256} << 20);
  EXPECT_EQ(limits.spelling("max_output_items"), "--max-output-items");
  EXPECT_EQ(limits.spelling("max_output_bytes"), "--max-output-bytes");
}

TEST(RunFlagsTest, RefusesMissingZeroSignedAndHugeValues) {
  for (const char* bad : {"0", "-1", "+1", "1k", "", "99999999999999999999", "1.5"}) {
    std::vector<std::string> args = {"--max-input-bytes", bad};
    CallOptions limits = cli_call_options();
    std::string error;
    std::size_t i = 0;
    EXPECT_EQ(parse_limit_flag(args, &i, &limits, &error), FlagParse::kBad) << bad;
    EXPECT_EQ(error, "--max-input-bytes needs a whole number of at least 1");
  }
  std::vector<std::string> args = {"--max-output-items"};
  CallOptions limits = cli_call_options();
  std::string error;
  std::size_t i = 0;
  EXPECT_EQ(parse_limit_flag(args, &i, &limits, &error), FlagParse::kBad);
}

}  // namespace
}  // namespace remotemedia
