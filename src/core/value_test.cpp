#include "remotemedia/value.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

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

TEST(Buffer, SlicesShareMemoryAndOwnerWithoutACopy) {
  Buffer whole = Buffer::copy_of("abcdefgh", 8);
  Buffer middle = whole.slice(2, 4);
  EXPECT_EQ(middle.size(), 4u);
  EXPECT_EQ(middle.data(), whole.data() + 2);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(middle.data()), 4), "cdef");
  EXPECT_FALSE(middle.is_unique()) << "the whole buffer still shares the block";
  Buffer copy = middle.writable();
  EXPECT_NE(copy.data(), middle.data()) << "a shared slice is copied before writing";
  whole = Buffer();
  EXPECT_TRUE(middle.is_unique()) << "the slice alone keeps the block alive";
  EXPECT_EQ(middle.slice(4, 0).size(), 0u);
}

TEST(Audio, StartFramePlacesItOnTheTimeline) {
  Audio audio;
  audio.sample_rate = 16000;
  audio.channels = 2;
  audio.start_frame = 8000;
  audio.samples = Buffer::allocate(16000 * 2 * sizeof(float));
  EXPECT_EQ(audio.frame_count(), 16000u);
  EXPECT_DOUBLE_EQ(audio.start_seconds(), 0.5);
  EXPECT_DOUBLE_EQ(audio.end_seconds(), 1.5);
  Audio moved = audio;
  moved.start_frame = 0;
  EXPECT_NE(Value(audio), Value(moved)) << "the position is part of the value";
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

TEST(TensorLimits, AcceptShapesWithinTheLimitAndGiveTheirByteSize) {
  std::uint64_t bytes = 1;
  EXPECT_EQ(tensor_shape_problem(DType::kUint8, {2147483647, 0}, &bytes), "");
  EXPECT_EQ(bytes, 0u) << "a zero dim makes the tensor empty";
  EXPECT_EQ(tensor_shape_problem(DType::kFloat32, {65536, 8191}, &bytes), "");
  EXPECT_EQ(bytes, 65536u * 8191u * 4u);
  EXPECT_EQ(tensor_shape_problem(DType::kFloat64, {}, &bytes), "");
  EXPECT_EQ(bytes, 8u) << "a scalar";
  EXPECT_EQ(tensor_shape_problem(DType::kUint8, std::vector<std::int64_t>(64, 1), &bytes), "");
}

TEST(TensorLimits, RefuseShapesWhoseSizeWouldOverflowOrExceedTheLimit) {
  // [536870913] float64 is 2^32 + 8 bytes: 8 in a 32-bit size_t (issue 8, item 3).
  EXPECT_NE(tensor_shape_problem(DType::kFloat64, {536870913}), "");
  // A dim over 2^31 - 1 next to a zero dim (NumPy's rule: zeros do not excuse the others).
  EXPECT_NE(tensor_shape_problem(DType::kUint8, {2147483648, 0}), "");
  EXPECT_NE(tensor_shape_problem(DType::kUint8, {std::int64_t{1} << 62, std::int64_t{1} << 62}),
            "");
  EXPECT_NE(tensor_shape_problem(DType::kUint8, {INT64_MAX, INT64_MAX, 0}), "");
  EXPECT_NE(tensor_shape_problem(DType::kUint8, {2147483647, 2}), "");
  EXPECT_NE(tensor_shape_problem(DType::kFloat32, {536870912}), "") << "exactly 2^31 bytes";
  EXPECT_EQ(tensor_shape_problem(DType::kUint8, std::vector<std::int64_t>(65, 1)),
            "tensor shape has 65 dimensions; at most 64 are allowed");
  EXPECT_EQ(tensor_shape_problem(DType::kUint8, {3, -1}), "tensor shape has a negative dimension");
}

TEST(TensorLimits, ElementCountNeverWrapsForAShapeOverTheLimit) {
  Tensor t;
  t.dtype = DType::kFloat64;
  t.shape = {536870913};
  EXPECT_EQ(t.element_count(), 0u);
  t.shape = {3, 0, 5};
  EXPECT_EQ(t.element_count(), 0u);
  t.shape = {3, 5};
  EXPECT_EQ(t.element_count(), 15u);
}

// Issue 8, item 21: a pointer used to become Value(true) through the bool constructor.
static_assert(!std::is_constructible_v<Value, int*>);
static_assert(!std::is_constructible_v<Value, const void*>);
static_assert(!std::is_constructible_v<Value, const Value*>);
static_assert(!std::is_convertible_v<const std::string*, Value>);
static_assert(std::is_constructible_v<Value, const char*>);
static_assert(std::is_constructible_v<Value, char*>);

TEST(Value, CharPointersAreStrings) {
  char text[] = "abc";
  char* p = text;
  EXPECT_EQ(Value(p), Value(std::string("abc")));
  EXPECT_EQ(Value("abc"), Value(std::string("abc")));
}

// Issue 8, item 21: moving a list or map Value moves the box's pointer instead of allocating a
// new container, so the container itself keeps its address.
TEST(Value, MovingListsAndMapsKeepsTheContainer) {
  Value list(List{Value(1), Value("two")});
  const List* list_before = list.as_list();
  Value moved_list(std::move(list));
  EXPECT_EQ(moved_list.as_list(), list_before);
  Value assigned;
  assigned = std::move(moved_list);
  EXPECT_EQ(assigned.as_list(), list_before);

  Value map(Map{{"a", Value(1)}});
  const Map* map_before = map.as_map();
  Value moved_map(std::move(map));
  EXPECT_EQ(moved_map.as_map(), map_before);

  // Growing a vector of Values moves them: their containers stay where they are.
  std::vector<Value> values;
  values.emplace_back(List{Value(1)});
  const List* inner = values[0].as_list();
  for (int i = 0; i < 100; ++i) values.emplace_back(i);
  EXPECT_EQ(values[0].as_list(), inner);
}

TEST(Value, AMovedFromListOrMapIsAValidEmptyContainer) {
  Value list(List{Value(1)});
  Value taken(std::move(list));
  // NOLINTBEGIN(bugprone-use-after-move): the moved-from state is the point of this test
  ASSERT_NE(list.as_list(), nullptr);
  EXPECT_TRUE(list.as_list()->empty());
  list.as_list()->push_back(Value(2));
  EXPECT_EQ(list, Value(List{Value(2)}));
  Value copy = list;
  EXPECT_EQ(copy, list);

  Value map(Map{{"a", Value(1)}});
  Value taken_map(std::move(map));
  ASSERT_NE(map.as_map(), nullptr);
  EXPECT_TRUE(map.as_map()->empty());
  EXPECT_EQ(std::as_const(map).as_map()->find("a"), nullptr);
  Value copy_of_moved = map;
  EXPECT_EQ(copy_of_moved, Value(Map()));
  // NOLINTEND(bugprone-use-after-move)
  EXPECT_EQ(taken, Value(List{Value(1)}));
}

std::string key(std::size_t i) {
  return "key" + std::to_string(i);
}

// Checks that `map` holds exactly key(0..n-1) -> i in that order, through the index and the
// entries both.
void expect_keys_in_order(const Map& map, std::size_t n) {
  ASSERT_EQ(map.size(), n);
  std::size_t i = 0;
  for (const Map::Entry& entry : map) {
    EXPECT_EQ(entry.first, key(i));
    const Value* found = map.find(key(i));
    ASSERT_NE(found, nullptr) << key(i);
    EXPECT_EQ(found, &entry.second) << "find must return the entry's own value";
    ++i;
  }
  EXPECT_EQ(map.find("absent"), nullptr);
}

// Issue 8, item 17: past Map::kIndexFrom entries lookups go through a hash index; it must agree
// with the entries across every size, and after insert, set, copy and move.
TEST(Map, IndexAgreesWithTheEntriesAtEverySize) {
  Map map;
  for (std::size_t n = 0; n < 300; ++n) {
    EXPECT_TRUE(map.insert(key(n), Value(static_cast<std::int64_t>(n))));
    EXPECT_FALSE(map.insert(key(n / 2), Value("dup"))) << "a repeated key changes nothing";
    expect_keys_in_order(map, n + 1);
  }
  for (std::size_t n = 0; n < 300; ++n) {
    EXPECT_EQ(*map.find(key(n)), Value(static_cast<std::int64_t>(n)));
  }
}

TEST(Map, SetReplacesInPlaceAndAppendsNewKeys) {
  Map map;
  for (std::size_t n = 0; n < 50; ++n) map.set(key(n), Value(0));
  for (std::size_t n = 0; n < 50; n += 3) map.set(key(n), Value(static_cast<std::int64_t>(n)));
  map.set("new", Value(true));
  ASSERT_EQ(map.size(), 51u);
  EXPECT_EQ(map.entry_at(50).first, "new");
  for (std::size_t n = 0; n < 50; ++n) {
    EXPECT_EQ(*map.find(key(n)), Value(static_cast<std::int64_t>(n % 3 == 0 ? n : 0)));
  }
  map.value_at(1) = Value("changed");
  EXPECT_EQ(*map.find(key(1)), Value("changed"));
}

TEST(Map, CopiesAndMovesKeepAWorkingIndex) {
  Map original;
  for (std::size_t n = 0; n < 100; ++n)
    original.insert(key(n), Value(static_cast<std::int64_t>(n)));
  Map copy = original;
  expect_keys_in_order(copy, 100);
  EXPECT_TRUE(copy.insert(key(100), Value(100)));
  expect_keys_in_order(copy, 101);
  expect_keys_in_order(original, 100);
  EXPECT_EQ(original.find(key(100)), nullptr) << "the copy's index is its own";

  Map moved = std::move(copy);
  expect_keys_in_order(moved, 101);
  Map assigned;
  assigned.insert("x", Value(1));
  assigned = moved;
  expect_keys_in_order(assigned, 101);
  assigned = Map{{"only", Value(1)}};
  EXPECT_EQ(assigned.size(), 1u);
  EXPECT_NE(assigned.find("only"), nullptr);
  EXPECT_EQ(assigned.find(key(3)), nullptr);

  Value boxed(std::move(moved));
  Value boxed_copy = boxed;
  expect_keys_in_order(*boxed_copy.as_map(), 101);
}

TEST(Map, KeysThatCollideInTheTableAreAllFound) {
  // Many similar keys, including empty and embedded-NUL keys, in one map.
  Map map;
  std::vector<std::string> keys = {"", std::string("\0", 1), std::string("a\0b", 3), "a"};
  for (int i = 0; i < 1000; ++i)
    keys.push_back(std::string(static_cast<std::size_t>(i % 7), 'x') + std::to_string(i));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(map.insert(keys[i], Value(static_cast<std::int64_t>(i)))) << i;
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ASSERT_NE(map.find(keys[i]), nullptr) << i;
    EXPECT_EQ(*map.find(keys[i]), Value(static_cast<std::int64_t>(i)));
  }
  EXPECT_EQ(map.find(std::string("a\0", 2)), nullptr);
}

}  // namespace
}  // namespace remotemedia
