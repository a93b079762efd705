#pragma once
// The typed way to write a task: a class T with
//
//   struct Partial { ...; template <class A> void serialize(A&, unsigned); };
//   explicit T(const TaskOptions& options);                 // one per worker
//   void process(const TaskItem& item, Partial& partial, ItemResult& result);
//   static void merge(Partial& into, Partial&& from);       // associative
//   static TaskReport report(const Partial& merged, const TaskOptions& options);
//
// and TypedTask<T> makes it a Task. See docs/tasks.md for a whole example.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "mpingest/bounded_archive.h"
#include "mpingest/task.h"

namespace mpingest {

template <class T>
class TypedTask final : public Task {
 public:
  using Partial = typename T::Partial;

  TypedTask(std::string name, std::string summary) : name_(std::move(name)), summary_(std::move(summary)) {}

  std::string_view name() const override { return name_; }
  std::string_view summary() const override { return summary_; }
  std::unique_ptr<TaskPartial> make_partial() const override { return std::make_unique<Box>(); }
  std::unique_ptr<TaskWorker> make_worker(const TaskOptions& options) const override {
    return std::make_unique<Worker>(options);
  }
  TaskReport report(const TaskPartial& merged, const TaskOptions& options) const override {
    return T::report(static_cast<const Box&>(merged).value, options);
  }

  // The typed partial inside a TaskPartial made by this task.
  static const Partial& value(const TaskPartial& partial) { return static_cast<const Box&>(partial).value; }
  static Partial& value(TaskPartial& partial) { return static_cast<Box&>(partial).value; }

 private:
  struct Box final : TaskPartial {
    Partial value;
    void merge(TaskPartial&& other) override { T::merge(value, std::move(static_cast<Box&>(other).value)); }
    void save(boost::archive::binary_oarchive& archive) const override { archive << value; }
    void load(wire::BoundedBinaryIArchive& archive) override { archive >> value; }
  };
  struct Worker final : TaskWorker {
    explicit Worker(const TaskOptions& options) : task(options) {}
    void process(const TaskItem& item, TaskPartial& partial, ItemResult& result) override {
      task.process(item, static_cast<Box&>(partial).value, result);
    }
    T task;
  };

  std::string name_;
  std::string summary_;
};

}  // namespace mpingest
