// JNI shim between org.simvtp.train.distributed.GlooNative and Debian's Gloo (libgloo-dev).
//
// Buffers are Java direct ByteBuffers, usually views that alias DJL tensor storage
// (NDArray.toByteBuffer(true) on the CPU), so collectives work in place on the tensors.
// The shim knows nothing about DJL or libtorch: it links only libgloo.so.0.
//
// Build: the Maven profile "gloo" in simvtp-train/pom.xml runs g++ (see build-native.sh next to this file).
#include <dlfcn.h>
#include <jni.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gloo/allgather.h>
#include <gloo/allreduce.h>
#include <gloo/barrier.h>
#include <gloo/broadcast.h>
#include <gloo/common/error.h>
#include <gloo/common/logging.h>
#include <gloo/config.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/file_store.h>
#include <gloo/rendezvous/redis_store.h>
#include <gloo/rendezvous/store.h>
#include <gloo/transport/tcp/device.h>

namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

const char* kErrorClass = "org/simvtp/train/distributed/NativeCollectiveError";

// A Store that namespaces every key under a run id and waits with millisecond deadlines
// (Gloo's own stores round their timeouts to whole seconds and treat 0 as "forever").
class RunStore : public gloo::rendezvous::Store {
 public:
  RunStore(std::unique_ptr<gloo::rendezvous::Store> base, std::string prefix, Millis timeout)
      : base_(std::move(base)), prefix_(std::move(prefix)), timeout_(timeout) {}

  void set(const std::string& key, const std::vector<char>& data) override {
    base_->set(full(key), data);
  }

  std::vector<char> get(const std::string& key) override {
    wait({key}, timeout_);
    return base_->get(full(key));
  }

  void wait(const std::vector<std::string>& keys) override { wait(keys, timeout_); }

  void wait(const std::vector<std::string>& keys, const Millis& timeout) override {
    auto deadline = Clock::now() + timeout;
    for (const auto& key : keys) {
      if (!waitFor(key, deadline)) {
        GLOO_THROW_IO_EXCEPTION("timed out after ", timeout.count(), " ms waiting for rendezvous key '",
                                full(key), "'");
      }
    }
  }

  // True once key exists, polling until deadline.
  bool waitFor(const std::string& key, Clock::time_point deadline) {
    while (true) {
      if (has(key)) {
        return true;
      }
      if (Clock::now() >= deadline) {
        return false;
      }
      std::this_thread::sleep_for(Millis(10));
    }
  }

  virtual bool has(const std::string& key) = 0;

 protected:
  std::string full(const std::string& key) const { return prefix_ + "/" + key; }

  std::unique_ptr<gloo::rendezvous::Store> base_;
  const std::string prefix_;
  const Millis timeout_;
};

// FileStore::check is protected; a subclass exposes it.
class CheckableFileStore : public gloo::rendezvous::FileStore {
 public:
  explicit CheckableFileStore(const std::string& path) : FileStore(path) {}
  bool exists(const std::string& key) { return check({key}); }
};

class FileRunStore : public RunStore {
 public:
  FileRunStore(const std::string& dir, const std::string& prefix, Millis timeout)
      : RunStore(std::unique_ptr<gloo::rendezvous::Store>(new CheckableFileStore(dir)), prefix, timeout) {}
  bool has(const std::string& key) override {
    return static_cast<CheckableFileStore*>(base_.get())->exists(full(key));
  }
};

class RedisRunStore : public RunStore {
 public:
  RedisRunStore(const std::string& host, int port, const std::string& prefix, Millis timeout)
      : RunStore(std::unique_ptr<gloo::rendezvous::Store>(new gloo::rendezvous::RedisStore(host, port)), prefix,
                 timeout) {}
  bool has(const std::string& key) override {
    return static_cast<gloo::rendezvous::RedisStore*>(base_.get())->check({full(key)});
  }
};

struct Group {
  int rank = 0;
  int size = 1;
  Millis timeout{0};
  std::unique_ptr<RunStore> store;
  std::shared_ptr<gloo::transport::Device> device;
  std::shared_ptr<gloo::rendezvous::Context> context;
  std::vector<char> staging;  // bucket buffer for many small tensors
  bool rolledCall = false;
};

Group* group(jlong handle) {
  if (handle == 0) {
    throw std::invalid_argument("process group is closed");
  }
  return reinterpret_cast<Group*>(handle);
}

void throwJava(JNIEnv* env, const std::string& message) {
  if (env->ExceptionCheck()) {
    return;
  }
  jclass cls = env->FindClass(kErrorClass);
  if (cls == nullptr) {
    env->ExceptionClear();
    cls = env->FindClass("java/lang/IllegalStateException");
  }
  env->ThrowNew(cls, message.c_str());
}

std::string jstring2string(JNIEnv* env, jstring s) {
  if (s == nullptr) {
    return std::string();
  }
  const char* chars = env->GetStringUTFChars(s, nullptr);
  std::string out(chars);
  env->ReleaseStringUTFChars(s, chars);
  return out;
}

struct Span {
  char* ptr;
  size_t bytes;
};

Span span(JNIEnv* env, jobject buffer, const char* what) {
  if (buffer == nullptr) {
    throw std::invalid_argument(std::string(what) + " buffer is null");
  }
  void* ptr = env->GetDirectBufferAddress(buffer);
  jlong cap = env->GetDirectBufferCapacity(buffer);
  if (ptr == nullptr || cap < 0) {
    throw std::invalid_argument(std::string(what) + " buffer is not a direct ByteBuffer");
  }
  return Span{static_cast<char*>(ptr), static_cast<size_t>(cap)};
}

// Runs fn, translating C++ exceptions into a Java NativeCollectiveError. On a collective failure the
// connections are closed so that peers blocked on this rank fail fast instead of waiting for their timeout.
template <typename Fn>
void guarded(JNIEnv* env, jlong handle, const char* op, Fn fn) {
  std::string message;
  Group* g = handle == 0 ? nullptr : reinterpret_cast<Group*>(handle);
  try {
    fn(group(handle));
    return;
  } catch (const gloo::IoException& e) {
    message = std::string(op) + ": " + e.what();
  } catch (const gloo::EnforceNotMet& e) {
    message = std::string(op) + ": " + e.what();
  } catch (const std::exception& e) {
    message = std::string(op) + ": " + e.what();
  }
  if (g != nullptr && g->context) {
    try {
      g->context->closeConnections();
    } catch (...) {
    }
  }
  throwJava(env, message);
}

size_t elementSize(int dtype) {
  switch (dtype) {
    case 0: return 4;  // float32
    case 1: return 8;  // float64
    case 2: return 4;  // int32
    case 3: return 8;  // int64
    default: throw std::invalid_argument("unsupported data type code " + std::to_string(dtype));
  }
}

template <typename T>
gloo::AllreduceOptions::Func reduceFunction(int op) {
  switch (op) {
    case 0:
      return [](void* c, const void* a, const void* b, size_t n) {
        T* out = static_cast<T*>(c);
        const T* x = static_cast<const T*>(a);
        const T* y = static_cast<const T*>(b);
        for (size_t i = 0; i < n; i++) out[i] = x[i] + y[i];
      };
    case 1:
      return [](void* c, const void* a, const void* b, size_t n) {
        T* out = static_cast<T*>(c);
        const T* x = static_cast<const T*>(a);
        const T* y = static_cast<const T*>(b);
        for (size_t i = 0; i < n; i++) out[i] = std::max(x[i], y[i]);
      };
    case 2:
      return [](void* c, const void* a, const void* b, size_t n) {
        T* out = static_cast<T*>(c);
        const T* x = static_cast<const T*>(a);
        const T* y = static_cast<const T*>(b);
        for (size_t i = 0; i < n; i++) out[i] = std::min(x[i], y[i]);
      };
    default:
      throw std::invalid_argument("unsupported reduce operation code " + std::to_string(op));
  }
}

template <typename T>
void divideInPlace(char* ptr, size_t bytes, int size) {
  T* x = reinterpret_cast<T*>(ptr);
  size_t n = bytes / sizeof(T);
  T d = static_cast<T>(size);
  for (size_t i = 0; i < n; i++) x[i] /= d;
}

// One all-reduce of a contiguous region, in place.
void allreduceRegion(Group* g, char* ptr, size_t bytes, int dtype, int op, bool mean) {
  if (bytes == 0) {
    return;
  }
  if (g->size > 1) {
    gloo::AllreduceOptions opts(g->context);
    opts.setTimeout(g->timeout);
    switch (dtype) {
      case 0:
        opts.setOutput(reinterpret_cast<float*>(ptr), bytes / 4);
        opts.setReduceFunction(reduceFunction<float>(op));
        break;
      case 1:
        opts.setOutput(reinterpret_cast<double*>(ptr), bytes / 8);
        opts.setReduceFunction(reduceFunction<double>(op));
        break;
      case 2:
        opts.setOutput(reinterpret_cast<int32_t*>(ptr), bytes / 4);
        opts.setReduceFunction(reduceFunction<int32_t>(op));
        break;
      case 3:
        opts.setOutput(reinterpret_cast<int64_t*>(ptr), bytes / 8);
        opts.setReduceFunction(reduceFunction<int64_t>(op));
        break;
      default:
        throw std::invalid_argument("unsupported data type code " + std::to_string(dtype));
    }
    gloo::allreduce(opts);
  }
  if (mean) {
    switch (dtype) {
      case 0: divideInPlace<float>(ptr, bytes, g->size); break;
      case 1: divideInPlace<double>(ptr, bytes, g->size); break;
      default: throw std::invalid_argument("a mean needs a floating-point data type");
    }
  }
}

}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_org_simvtp_train_distributed_GlooNative_connect(
    JNIEnv* env, jclass, jint rank, jint size, jint storeKind, jstring location, jint port, jstring runId,
    jstring hostname, jstring iface, jlong timeoutMs) {
  std::unique_ptr<Group> g(new Group());
  g->rank = rank;
  g->size = size;
  g->timeout = Millis(timeoutMs);
  std::string message;
  try {
    std::string loc = jstring2string(env, location);
    std::string prefix = "simvtp/" + jstring2string(env, runId);
    if (storeKind == 0) {
      g->store.reset(new FileRunStore(loc, prefix, g->timeout));
    } else {
      g->store.reset(new RedisRunStore(loc, port, prefix, g->timeout));
    }
    std::string me = "join/" + std::to_string(rank);
    if (g->store->has(me)) {
      throw std::runtime_error("the rendezvous store already holds rank " + std::to_string(rank) + " of run '" +
                               prefix + "' (a previous launch?): use a fresh run id or an empty store");
    }
    g->store->set(me, std::vector<char>(1, 1));
    auto deadline = Clock::now() + g->timeout;
    std::vector<int> missing;
    for (int r = 0; r < size; r++) {
      if (!g->store->waitFor("join/" + std::to_string(r), deadline)) {
        missing.push_back(r);
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (int r : missing) list += (list.empty() ? "" : ", ") + std::to_string(r);
      throw std::runtime_error("rank(s) [" + list + "] did not join the rendezvous within " +
                               std::to_string(timeoutMs) + " ms");
    }
    if (size > 1) {
      gloo::transport::tcp::attr attr;
      attr.hostname = jstring2string(env, hostname);
      attr.iface = jstring2string(env, iface);
      g->device = gloo::transport::tcp::CreateDevice(attr);
      g->context = std::make_shared<gloo::rendezvous::Context>(rank, size);
      g->context->setTimeout(g->timeout);
      g->context->connectFullMesh(*g->store, g->device);
    }
    return reinterpret_cast<jlong>(g.release());
  } catch (const std::exception& e) {
    message = e.what();
  }
  throwJava(env, "rendezvous: " + message);
  return 0;
}

JNIEXPORT void JNICALL Java_org_simvtp_train_distributed_GlooNative_allReduce(
    JNIEnv* env, jclass, jlong handle, jobjectArray buffers, jint dtype, jint op, jboolean mean,
    jlong bucketBytes) {
  guarded(env, handle, "all-reduce", [&](Group* g) {
    size_t esize = elementSize(dtype);
    jsize n = env->GetArrayLength(buffers);
    std::vector<Span> spans;
    spans.reserve(n);
    for (jsize i = 0; i < n; i++) {
      jobject b = env->GetObjectArrayElement(buffers, i);
      spans.push_back(span(env, b, "all-reduce"));
      env->DeleteLocalRef(b);
      if (spans.back().bytes % esize != 0) {
        throw std::invalid_argument("buffer " + std::to_string(i) + " holds " + std::to_string(spans.back().bytes) +
                                    " bytes, not a multiple of the element size");
      }
    }
    size_t bucket = bucketBytes > 0 ? static_cast<size_t>(bucketBytes) : 0;
    size_t i = 0;
    while (i < spans.size()) {
      // Gather consecutive small buffers into one bucket; large ones are reduced in place.
      size_t j = i;
      size_t total = 0;
      while (j < spans.size() && total + spans[j].bytes <= bucket) {
        total += spans[j].bytes;
        j++;
      }
      if (j <= i + 1) {
        allreduceRegion(g, spans[i].ptr, spans[i].bytes, dtype, op, mean);
        i++;
        continue;
      }
      if (g->staging.size() < total) {
        g->staging.resize(total);
      }
      char* s = g->staging.data();
      size_t off = 0;
      for (size_t k = i; k < j; k++) {
        std::memcpy(s + off, spans[k].ptr, spans[k].bytes);
        off += spans[k].bytes;
      }
      allreduceRegion(g, s, total, dtype, op, mean);
      off = 0;
      for (size_t k = i; k < j; k++) {
        std::memcpy(spans[k].ptr, s + off, spans[k].bytes);
        off += spans[k].bytes;
      }
      i = j;
    }
  });
}

JNIEXPORT void JNICALL Java_org_simvtp_train_distributed_GlooNative_broadcast(
    JNIEnv* env, jclass, jlong handle, jobject buffer, jint root) {
  guarded(env, handle, "broadcast", [&](Group* g) {
    Span s = span(env, buffer, "broadcast");
    if (root < 0 || root >= g->size) {
      throw std::invalid_argument("root " + std::to_string(root) + " outside [0, " + std::to_string(g->size) + ")");
    }
    if (g->size == 1 || s.bytes == 0) {
      return;
    }
    gloo::BroadcastOptions opts(g->context);
    opts.setTimeout(g->timeout);
    opts.setRoot(root);
    opts.setOutput(reinterpret_cast<uint8_t*>(s.ptr), s.bytes);
    gloo::broadcast(opts);
  });
}

JNIEXPORT void JNICALL Java_org_simvtp_train_distributed_GlooNative_allGather(
    JNIEnv* env, jclass, jlong handle, jobject input, jobject output) {
  guarded(env, handle, "all-gather", [&](Group* g) {
    Span in = span(env, input, "all-gather input");
    Span out = span(env, output, "all-gather output");
    if (out.bytes != in.bytes * g->size) {
      throw std::invalid_argument("all-gather output holds " + std::to_string(out.bytes) + " bytes, expected " +
                                  std::to_string(in.bytes * g->size));
    }
    if (g->size == 1 || in.bytes == 0) {
      std::memmove(out.ptr, in.ptr, in.bytes);
      return;
    }
    gloo::AllgatherOptions opts(g->context);
    opts.setTimeout(g->timeout);
    opts.setInput(reinterpret_cast<uint8_t*>(in.ptr), in.bytes);
    opts.setOutput(reinterpret_cast<uint8_t*>(out.ptr), out.bytes);
    gloo::allgather(opts);
  });
}

JNIEXPORT void JNICALL Java_org_simvtp_train_distributed_GlooNative_barrier(JNIEnv* env, jclass, jlong handle) {
  guarded(env, handle, "barrier", [&](Group* g) {
    if (g->size == 1) {
      return;
    }
    gloo::BarrierOptions opts(g->context);
    opts.setTimeout(g->timeout);
    gloo::barrier(opts);
  });
}

// After a failure: every surviving rank announces itself in the store and waits up to graceMs for the others.
// Returns the ranks that did not answer (dead or hung).
JNIEXPORT jintArray JNICALL Java_org_simvtp_train_distributed_GlooNative_rollCall(
    JNIEnv* env, jclass, jlong handle, jlong graceMs) {
  std::vector<int> missing;
  std::string message;
  try {
    Group* g = group(handle);
    if (!g->rolledCall) {
      g->rolledCall = true;
      g->store->set("rollcall/" + std::to_string(g->rank), std::vector<char>(1, 1));
    }
    auto deadline = Clock::now() + Millis(graceMs);
    for (int r = 0; r < g->size; r++) {
      if (r != g->rank && !g->store->waitFor("rollcall/" + std::to_string(r), deadline)) {
        missing.push_back(r);
      }
    }
  } catch (const std::exception& e) {
    message = e.what();
  }
  if (!message.empty()) {
    throwJava(env, "roll call: " + message);
    return nullptr;
  }
  jintArray out = env->NewIntArray(static_cast<jsize>(missing.size()));
  if (!missing.empty()) {
    std::vector<jint> tmp(missing.begin(), missing.end());
    env->SetIntArrayRegion(out, 0, static_cast<jsize>(tmp.size()), tmp.data());
  }
  return out;
}

JNIEXPORT void JNICALL Java_org_simvtp_train_distributed_GlooNative_close(JNIEnv*, jclass, jlong handle) {
  if (handle == 0) {
    return;
  }
  Group* g = reinterpret_cast<Group*>(handle);
  try {
    if (g->context) {
      g->context->closeConnections();
    }
  } catch (...) {
  }
  try {
    delete g;
  } catch (...) {
  }
}

// The file that provides gloo::allreduce to this shim (proves it is libgloo.so.0, not libtorch_cpu.so's copy).
JNIEXPORT jstring JNICALL Java_org_simvtp_train_distributed_GlooNative_glooLibraryPath(JNIEnv* env, jclass) {
  void (*fn)(const gloo::AllreduceOptions&) = &gloo::allreduce;
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(fn), &info) == 0 || info.dli_fname == nullptr) {
    return env->NewStringUTF("");
  }
  return env->NewStringUTF(info.dli_fname);
}

JNIEXPORT jlong JNICALL Java_org_simvtp_train_distributed_GlooNative_address(JNIEnv* env, jclass, jobject buffer) {
  void* ptr = buffer == nullptr ? nullptr : env->GetDirectBufferAddress(buffer);
  return reinterpret_cast<jlong>(ptr);
}

JNIEXPORT void JNICALL Java_org_simvtp_train_distributed_GlooNative_copy(
    JNIEnv* env, jclass, jobject dst, jobject src) {
  try {
    Span d = span(env, dst, "copy destination");
    Span s = span(env, src, "copy source");
    std::memcpy(d.ptr, s.ptr, std::min(d.bytes, s.bytes));
  } catch (const std::exception& e) {
    throwJava(env, e.what());
  }
}

}  // extern "C"
