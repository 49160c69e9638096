#include "checkpoint_scan.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "weights_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <system_error>

namespace tessera::io {
namespace {

namespace fs = std::filesystem;

// .npz files are read whole to be listed; past this size a scan leaves them out.
constexpr std::uintmax_t kMaxNpzBytes = 64u << 20;
// A folder scan stops after this many entries: a home folder added by mistake must not hang.
constexpr std::size_t kMaxEntries = 20000;

fs::path envPath(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? fs::path(v) : fs::path();
}

fs::path home() {
    fs::path h = envPath("HOME");
    return h.empty() ? fs::path("/nonexistent") : h;
}

bool isDirectory(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool isWeightsFile(const fs::path& p) {
    try {
        weightsFormatOf(p);
        return !hasExtension(p, ".npy"); // a bare .npy says nothing about what it is
    } catch (const InputError&) {
        return false;
    }
}

// "models--ORG--NAME" -> "ORG/NAME": the hub writes '/' in a repo id as "--".
std::string hubRepo(const std::string& folder) {
    std::string model = folder.substr(8);
    for (std::size_t k; (k = model.find("--")) != std::string::npos;)
        model.replace(k, 2, "/");
    return model;
}

// One file's entry; nullopt when it holds no patch embedding; an InputError when it cannot be read.
std::optional<FoundCheckpoint> examine(const fs::path& path, const ScanFolder& folder) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec); // follows links to the blob
    if (ec)
        throw InputError(path.string() + ": " + ec.message());
    if (hasExtension(path, ".npz") && size > kMaxNpzBytes)
        throw InputError(path.string() + ": an .npz over 64 MB is not read by a scan");
    const WeightsListing listing = listWeights(path, {}, SeveralEmbeddings::TakeFirst);
    if (!listing.use)
        return std::nullopt;
    const PatchEmbedKeys& keys = *listing.use;
    Shape kernel;
    for (const TensorInfo& t : listing.tensors)
        if (t.name == keys.weight)
            kernel = t.shape;
    if (kernel.size() != 4)
        return std::nullopt;
    FoundCheckpoint c;
    c.path = path;
    c.model = path.filename().string();
    c.kind = folder.kind;
    c.format = listing.format;
    c.prefixes = keys.prefixes.empty() ? std::vector<std::string>{keys.prefix} : keys.prefixes;
    c.prefix = keys.prefix;
    // big_vision kernels are (P, Q, C, D), the others (D, C, P, Q).
    const bool hwio = keys.layout == "big_vision";
    c.dim = int(hwio ? kernel[3] : kernel[0]);
    c.channels = int(hwio ? kernel[2] : kernel[1]);
    c.patch = hwio ? Size2{int(kernel[0]), int(kernel[1])} : Size2{int(kernel[2]), int(kernel[3])};
    c.posEmbed = !keys.posEmbed.empty();
    c.clsToken = !keys.clsToken.empty();
    c.bytes = std::int64_t(size);
    return c;
}

class Scanner {
  public:
    explicit Scanner(const ScanProgress& progress) : m_progress(progress) {}

    bool keepGoing() {
        result.filesLookedAt = m_looked;
        return !m_progress || m_progress(m_looked);
    }

    void file(const fs::path& path, const ScanFolder& folder, const std::string& model,
              const std::string& revision) {
        ++m_looked;
        std::error_code ec;
        const fs::path real = fs::canonical(path, ec);
        if (ec || !m_seen.insert(real).second || !isWeightsFile(path))
            return;
        try {
            if (auto c = examine(path, folder)) {
                if (!model.empty())
                    c->model = model;
                c->revision = revision;
                result.found.push_back(std::move(*c));
            }
        } catch (const std::exception& e) {
            result.skipped.push_back({path, e.what()});
        }
    }

    // Files under `dir`, `depth` levels deep, sorted by path; hidden folders skipped.
    void walk(const fs::path& dir, int depth, const ScanFolder& folder, const std::string& model,
              const std::string& revision) {
        std::vector<fs::path> paths;
        std::error_code ec;
        fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec),
            end;
        for (; !ec && it != end; it.increment(ec)) {
            if (++m_entries > kMaxEntries)
                break;
            const fs::path& p = it->path();
            if (it->is_directory(ec)) {
                if (it.depth() + 1 >= depth || p.filename().string().starts_with("."))
                    it.disable_recursion_pending();
                continue;
            }
            paths.push_back(p);
        }
        std::sort(paths.begin(), paths.end());
        for (const fs::path& p : paths) {
            file(p, folder, model, revision);
            if (!keepGoing()) // after the file: the last report counts every file
                return;
        }
    }

    void hubCache(const ScanFolder& folder) {
        std::vector<fs::path> repos;
        std::error_code ec;
        for (fs::directory_iterator it(folder.path, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().filename().string().starts_with("models--"))
                repos.push_back(it->path());
        std::sort(repos.begin(), repos.end());
        for (const fs::path& repo : repos) {
            const std::string model = hubRepo(repo.filename().string());
            std::vector<fs::path> revisions;
            for (fs::directory_iterator it(repo / "snapshots", ec), end; !ec && it != end;
                 it.increment(ec))
                revisions.push_back(it->path());
            std::sort(revisions.begin(), revisions.end());
            for (const fs::path& rev : revisions)
                walk(rev, 3, folder, model, rev.filename().string());
        }
    }

    ScanResult result;

  private:
    const ScanProgress& m_progress;
    std::set<fs::path> m_seen;
    std::size_t m_looked = 0;
    std::size_t m_entries = 0;
};

} // namespace

std::vector<ScanFolder> standardCheckpointFolders() {
    std::vector<ScanFolder> folders;
    fs::path hub = envPath("HF_HUB_CACHE");
    if (hub.empty())
        hub = envPath("HF_HOME").empty() ? home() / ".cache/huggingface/hub"
                                         : envPath("HF_HOME") / "hub";
    if (isDirectory(hub))
        folders.push_back({ScanFolder::Kind::HubCache, hub});
    const fs::path torchHome =
        envPath("TORCH_HOME").empty() ? home() / ".cache/torch" : envPath("TORCH_HOME");
    if (isDirectory(torchHome / "hub/checkpoints"))
        folders.push_back({ScanFolder::Kind::TorchHub, torchHome / "hub/checkpoints"});
    return folders;
}

std::string checkpointName(const fs::path& path) {
    const fs::path snapshots = path.parent_path().parent_path();
    const std::string repo = snapshots.parent_path().filename().string();
    if (snapshots.filename() == "snapshots" && repo.starts_with("models--"))
        return hubRepo(repo) + " @" + path.parent_path().filename().string().substr(0, 8) +
               " \u00b7 " + path.filename().string();
    return path.filename().string();
}

ScanResult scanCheckpoints(const std::vector<ScanFolder>& folders, const ScanProgress& progress) {
    Scanner scanner(progress);
    for (const ScanFolder& folder : folders) {
        if (!scanner.keepGoing())
            break;
        if (folder.kind == ScanFolder::Kind::HubCache)
            scanner.hubCache(folder);
        else
            scanner.walk(folder.path, folder.kind == ScanFolder::Kind::TorchHub ? 1 : 3, folder, {},
                         {});
    }
    scanner.keepGoing();
    return std::move(scanner.result);
}

} // namespace tessera::io
