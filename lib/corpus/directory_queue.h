#pragma once
// The directories still to be listed in a parallel maildir walk. Walkers pop
// a directory, list it, and push the subdirectories they find; the walk is
// over when the queue is empty and nobody is listing (who could push more).

#include <condition_variable>
#include <deque>
#include <mutex>

namespace mpingest {

// Item: what a walker needs to list one directory (its path, and where to
// put what it finds).
template <class Item>
class DirectoryQueue {
 public:
  void push(Item directory) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pending_.push_back(std::move(directory));
    }
    changed_.notify_one();
  }

  // Waits for a directory to list; false once the walk is over. Every true
  // return must be followed by done() when that directory has been listed.
  bool pop(Item& directory) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !pending_.empty() || listing_ == 0; });
    if (pending_.empty()) return false;
    directory = std::move(pending_.front());
    pending_.pop_front();
    ++listing_;
    return true;
  }

  void done() {
    bool over = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      over = --listing_ == 0 && pending_.empty();
    }
    if (over) changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Item> pending_;
  int listing_ = 0;
};

}  // namespace mpingest
