#include "remotemedia/value.h"

#include <gtest/gtest.h>

#include <cstring>

namespace remotemedia {
namespace {

TEST(Buffer, CopiesShareMemoryAndWritableCopiesOnlyWhenShared) {
  Buffer a = Buffer::copy_of("abcd", 4);
  EXPECT_TRUE(a.is_unique());
  Buffer b = a;
  EXPECT_FALSE(a.is_unique());
  EXPECT_EQ(a.data(), b.data());

  Buffer w = b.writable();
  EXPECT_NE(w.data(), a.data()) << "a shared buffer must be copied before writing";
  w.mutable_data()[0] = 'z';
  EXPECT_EQ(a.data()[0], 'a');

  const std::uint8_t* before = w.data();
  Buffer same = std::move(w).writable();
  EXPECT_EQ(same.data(), before) << "a unique buffer is written in place";
}

TEST(Buffer, IsAlignedForAnyElementType) {
  Buffer a = Buffer::allocate(3);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.data()) % 64, 0u);
  Buffer empty = Buffer::allocate(0);
  EXPECT_NE(empty.data(), nullptr);
  EXPECT_EQ(empty.size(), 0u);
}

TEST(Buffer, AdoptKeepsTheOwnerAliveWhileAnyCopyExists) {
  auto owner = std::make_shared<std::vector<std::uint8_t>>(8, 7);
  std::weak_ptr<std::vector<std::uint8_t>> watch = owner;
  Buffer adopted = Buffer::adopt(owner->data(), owner->size(), owner);
  owner.reset();
  EXPECT_FALSE(watch.expired());
  Buffer copy = adopted;
  adopted = Buffer();
  EXPECT_FALSE(watch.expired());
  copy = Buffer();
  EXPECT_TRUE(watch.expired());
}

TEST(Map, KeepsInsertionOrderAndRefusesDuplicateInsert) {
  Map map;
  EXPECT_TRUE(map.insert("b", Value(1)));
  EXPECT_TRUE(map.insert("a", Value(2)));
  EXPECT_FALSE(map.insert("b", Value(3)));
  map.set("b", Value(4));
  map.set("c", Value(5));
  std::vector<std::string> keys;
  for (const auto& entry : map) keys.push_back(entry.first);
  EXPECT_EQ(keys, (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(*map.find("b"), Value(4));
}

TEST(Value, KindsAndAccessors) {
  EXPECT_EQ(Value().kind(), ValueKind::kNull);
  EXPECT_EQ(Value(true).kind(), ValueKind::kBool);
  EXPECT_EQ(Value(3).kind(), ValueKind::kInt);
  EXPECT_EQ(Value(3.0).kind(), ValueKind::kFloat);
  EXPECT_EQ(Value("x").kind(), ValueKind::kString) << "a C string must not become a bool";
  EXPECT_EQ(Value(List{}).kind(), ValueKind::kList);
  EXPECT_EQ(Value(Map{}).kind(), ValueKind::kMap);
  EXPECT_EQ(Value(3).as_float(), nullptr);
  EXPECT_DOUBLE_EQ(Value(3).number(), 3.0);
}

TEST(Value, EqualityIsDeepAndKindSensitive) {
  EXPECT_NE(Value(1), Value(1.0));
  EXPECT_EQ(Value(List{Value(1), Value("a")}), Value(List{Value(1), Value("a")}));
  EXPECT_NE(Value(Map{{"a", Value(1)}, {"b", Value(2)}}),
            Value(Map{{"b", Value(2)}, {"a", Value(1)}}));
  Tensor t{DType::kInt16, {2}, Buffer::copy_of("\x01\x00\x02\x00", 4)};
  Tensor u = t;
  u.data = Buffer::copy_of("\x01\x00\x02\x00", 4);
  EXPECT_EQ(Value(t), Value(u));
  u.shape = {1, 2};
  EXPECT_NE(Value(t), Value(u));
}

TEST(Value, CopiesAreIndependentForContainers) {
  Value a(List{Value(1)});
  Value b = a;
  List* list = b.as_list();
  ASSERT_NE(list, nullptr);
  list->push_back(Value(2));
  EXPECT_EQ(a.as_list()->size(), 1u);
}

TEST(DType, NamesRoundTrip) {
  for (DType d : {DType::kFloat32, DType::kFloat64, DType::kInt8, DType::kInt16, DType::kInt32,
                  DType::kInt64, DType::kUint8, DType::kUint16, DType::kUint32, DType::kUint64}) {
    DType parsed;
    ASSERT_TRUE(parse_dtype(dtype_name(d), &parsed));
    EXPECT_EQ(parsed, d);
  }
  DType parsed;
  EXPECT_FALSE(parse_dtype("complex64", &parsed));
  EXPECT_EQ(dtype_size(DType::kInt16), 2u);
}

}  // namespace
}  // namespace remotemedia
