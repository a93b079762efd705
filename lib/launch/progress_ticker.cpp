#include "launch/progress_ticker.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace mpingest {
namespace {

// What the signal handler needs, set before it is installed.
constexpr int kClearSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];
volatile sig_atomic_t g_clear_fd = -1;
volatile sig_atomic_t g_clear_width = 0;  // the meter's width, updated after each tick
char g_clear_line[256];                    // "\r" and spaces

void clear_line_then_resignal(int signal_number) {
  if (g_clear_fd >= 0 && g_clear_width > 0) {
    // Exactly the line's width: more spaces would wrap on a narrow terminal.
    auto width = std::min<std::size_t>(static_cast<std::size_t>(g_clear_width), sizeof g_clear_line - 1);
    ssize_t ignored = ::write(g_clear_fd, g_clear_line, width + 1);
    ignored = ::write(g_clear_fd, "\r", 1);
    (void)ignored;
  }
  for (int i = 0; i < 3; ++i) {
    if (kClearSignals[i] == signal_number) ::sigaction(signal_number, &g_previous[i], nullptr);
  }
  ::raise(signal_number);  // delivered with the previous disposition once we return
}

void install_clear_handlers(int fd, std::size_t width) {
  g_clear_fd = fd;
  g_clear_width = static_cast<sig_atomic_t>(width);
  g_clear_line[0] = '\r';
  for (std::size_t i = 1; i < sizeof g_clear_line; ++i) g_clear_line[i] = ' ';
  struct sigaction action {};
  action.sa_handler = clear_line_then_resignal;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 3; ++i) ::sigaction(kClearSignals[i], &action, &g_previous[i]);
}

void restore_handlers() {
  for (int i = 0; i < 3; ++i) ::sigaction(kClearSignals[i], &g_previous[i], nullptr);
  g_clear_fd = -1;
}

}  // namespace

ProgressTicker::ProgressTicker(ProgressFeed feed) : feed_(std::move(feed)) {
  if (feed_.meter == nullptr) return;
  install_clear_handlers(feed_.meter->fd(), feed_.meter->width());
  thread_ = std::thread([this] { loop(); });
}

ProgressTicker::~ProgressTicker() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  feed_.tick(true);  // the final count, from the workers' own slots
  restore_handlers();
}

void ProgressTicker::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    feed_.tick();
    g_clear_width = static_cast<sig_atomic_t>(feed_.meter->width());
    wake_.wait_for(lock, std::chrono::milliseconds(ProgressMeter::kRedrawIntervalMs), [this] { return stop_; });
  }
}

}  // namespace mpingest
