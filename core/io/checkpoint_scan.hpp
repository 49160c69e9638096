// Finding the ViT checkpoints already on this machine, without downloading anything.
//
// Where they are looked for, in this order:
//   Hugging Face hub cache   $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub:
//                            models--ORG--NAME/snapshots/REV/**.safetensors|.bin|.pth (the
//                            snapshot's files are symlinks into ../../blobs, as the hub makes
//                            them); the model is named ORG/NAME
//   torch / timm hub         $TORCH_HOME/hub/checkpoints, else ~/.cache/torch/hub/checkpoints
//   the user's folders       any folder, searched three levels deep
// Only headers are read (a safetensors header, a PyTorch file's pickle; .npz files are read
// whole, so large ones are skipped), and only files whose keys hold a patch embedding are listed.
// A file that cannot be read is skipped, with its reason: a scan lists what works, it does not
// fail.
#pragma once

#include "patch_grid.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tessera::io {

struct ScanFolder {
    enum class Kind { HubCache, TorchHub, Folder };
    Kind kind = Kind::Folder;
    std::filesystem::path path;
};

// The standard places above that exist on this machine, from the environment.
std::vector<ScanFolder> standardCheckpointFolders();

struct FoundCheckpoint {
    std::filesystem::path path; // to open: the snapshot's link for a hub cache entry
    std::string model;          // "google/vit-base-patch16-224", else the file's name
    std::string revision;       // a hub snapshot's folder name (a commit hash), else ""
    ScanFolder::Kind kind = ScanFolder::Kind::Folder;
    std::string format;                // the weights format's label
    std::vector<std::string> prefixes; // patch embeddings in the file (DINO: teacher, student)
    std::string prefix;                // the one Tessera takes first
    Size2 patch;                       // of that one
    int channels = 0;
    int dim = 0;
    bool posEmbed = false;
    bool clsToken = false;
    std::int64_t bytes = 0; // the file's size (a link's target)
};

// How a file is named to a user: "ORG/NAME @REV8 · FILE" for a Hugging Face hub cache path
// (models--ORG--NAME/snapshots/REV/FILE), else the file's name.
std::string checkpointName(const std::filesystem::path& path);

// Returns false to stop the scan early (the app's Cancel, a newer scan).
using ScanProgress = std::function<bool(std::size_t filesLookedAt)>;

struct SkippedFile {
    std::filesystem::path path;
    std::string reason; // one line: why it could not be read (refused, legacy, damaged...)
};

struct ScanResult {
    std::vector<FoundCheckpoint> found;
    std::vector<SkippedFile> skipped; // weights files that could not be read
    std::size_t filesLookedAt = 0;
};

// Every checkpoint in `folders`, in folder order, then by path. A file reached twice (a folder
// inside another, links to one blob) is listed once. Files that hold no patch embedding (a BERT in
// the hub cache) are neither found nor skipped: they are not ViTs.
ScanResult scanCheckpoints(const std::vector<ScanFolder>& folders,
                           const ScanProgress& progress = {});

} // namespace tessera::io
