/* Force-included into the C++ sources of the wasm32-wasi build of ggml/whisper.cpp: this libc++ is
 * built without threads, so std::mutex and std::thread do not exist. In a single-threaded module a
 * mutex has nothing to exclude, and a "thread" runs its function to completion when it is created
 * (join() then has nothing to wait for): the callers (whisper.cpp's mel workers,
 * whisper_full_parallel) only need every task done before join() returns. Native builds never see
 * this file. */
#pragma once
#if defined(__cplusplus) && defined(__wasi__)
#include <functional>
#include <utility>

namespace std {
class mutex {
 public:
  constexpr mutex() noexcept = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;
  void lock() {}
  bool try_lock() { return true; }
  void unlock() {}
};

class thread {
 public:
  thread() noexcept = default;
  template <class F, class... Args>
  explicit thread(F&& f, Args&&... args) : joinable_(true) {
    std::invoke(std::forward<F>(f), std::forward<Args>(args)...);
  }
  thread(thread&& other) noexcept : joinable_(other.joinable_) { other.joinable_ = false; }
  thread& operator=(thread&& other) noexcept {
    joinable_ = other.joinable_;
    other.joinable_ = false;
    return *this;
  }
  bool joinable() const noexcept { return joinable_; }
  void join() { joinable_ = false; }
  void detach() { joinable_ = false; }
  static unsigned hardware_concurrency() noexcept { return 1; }

 private:
  bool joinable_ = false;
};
}  // namespace std
#endif
