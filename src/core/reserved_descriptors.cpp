#include "core/reserved_descriptors.h"

#include <algorithm>

namespace remotemedia {
namespace {

std::vector<int>& descriptors() {
  static std::vector<int>* set = new std::vector<int>();  // never destroyed: outlives statics
  return *set;
}

}  // namespace

void reserve_descriptor(int fd) {
  std::vector<int>& set = descriptors();
  if (fd >= 0 && std::find(set.begin(), set.end(), fd) == set.end()) set.push_back(fd);
}

const std::vector<int>& reserved_descriptors() {
  return descriptors();
}

}  // namespace remotemedia
