// tessera-cli weights: what a weights file holds and what Tessera would take from it, or (--list)
// the ViT checkpoints already on this machine (core/io/checkpoint_scan.hpp).
#include "commands.hpp"

#include "checkpoint_scan.hpp"
#include "weights_loader.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <map>

namespace tessera::cli {
namespace {

using nlohmann::json;

std::string shapeText(const Shape& s) {
    std::string t;
    for (std::int64_t d : s)
        t += (t.empty() ? "" : "x") + std::to_string(d);
    return t.empty() ? "scalar" : t;
}

std::string kindName(io::ScanFolder::Kind kind) {
    switch (kind) {
    case io::ScanFolder::Kind::HubCache:
        return "huggingface";
    case io::ScanFolder::Kind::TorchHub:
        return "torch-hub";
    case io::ScanFolder::Kind::Folder:
        break;
    }
    return "folder";
}

// What each key Tessera uses is for, in the listing's last column.
std::map<std::string, std::string> roles(const PatchEmbedKeys& k) {
    std::map<std::string, std::string> r;
    const std::pair<const std::string*, const char*> named[] = {
        {&k.weight, "patch embedding kernel"}, {&k.bias, "patch embedding bias"},
        {&k.normWeight, "LayerNorm weight"},   {&k.normBias, "LayerNorm bias"},
        {&k.posEmbed, "position embeddings"},  {&k.clsToken, "class token"},
        {&k.regTokens, "register tokens"}};
    for (const auto& [key, role] : named)
        if (!key->empty())
            r[*key] = role;
    return r;
}

int listFile(const ParsedArgs& a) {
    const std::string path = a.positional[0];
    const io::WeightsListing l =
        io::listWeights(path, a.spec.weightsKey, SeveralEmbeddings::Refuse);
    const auto used = l.use ? roles(*l.use) : std::map<std::string, std::string>{};
    if (a.has("--json")) {
        json tensors = json::array();
        for (const TensorInfo& t : l.tensors) {
            json e = {{"name", t.name}, {"dtype", t.dtype}, {"shape", t.shape}};
            if (auto it = used.find(t.name); it != used.end())
                e["used_as"] = it->second;
            tensors.push_back(e);
        }
        json j = {{"file", path}, {"format", l.format}, {"tensors", tensors}};
        if (l.use) {
            j["use"] = {{"prefix", l.use->prefix},
                        {"layout", l.use->layout},
                        {"prefixes", l.use->prefixes}};
        } else {
            j["problem"] = l.problem;
        }
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::size_t width = 4, shapeWidth = 5;
    for (const TensorInfo& t : l.tensors) {
        width = std::max(width, t.name.size());
        shapeWidth = std::max(shapeWidth, shapeText(t.shape).size());
    }
    std::cout << path << "\nformat  " << l.format << ", " << l.tensors.size() << " tensors\n\n  "
              << std::left << std::setw(int(width)) << "name"
              << "  dtype     shape\n";
    for (const TensorInfo& t : l.tensors) {
        std::cout << "  " << std::setw(int(width)) << t.name << "  " << std::setw(8) << t.dtype
                  << "  ";
        if (auto it = used.find(t.name); it != used.end())
            std::cout << std::setw(int(shapeWidth)) << shapeText(t.shape) << "  <- " << it->second;
        else
            std::cout << shapeText(t.shape);
        std::cout << "\n";
    }
    std::cout << "\n";
    if (!l.use) {
        std::cout << "uses    nothing: " << l.problem << "\n";
        return 0;
    }
    std::cout << "uses    " << (l.use->prefix.empty() ? "(no prefix)" : "'" + l.use->prefix + "'")
              << ", " << l.use->layout << " layout";
    if (l.use->prefixes.size() > 1) {
        std::cout << "; the file holds " << l.use->prefixes.size() << " patch embeddings:";
        for (const std::string& p : l.use->prefixes)
            std::cout << " '" << p << "'";
        std::cout << " (choose with --weights-key)";
    }
    std::cout << "\n";
    return 0;
}

int listMachine(const ParsedArgs& a) {
    std::vector<io::ScanFolder> folders = io::standardCheckpointFolders();
    for (const std::string& f : a.all("--folder")) {
        std::error_code ec;
        if (!std::filesystem::is_directory(f, ec))
            throw UsageError("--folder " + f + " is not a folder");
        folders.push_back({io::ScanFolder::Kind::Folder, f});
    }
    const io::ScanResult scan = io::scanCheckpoints(folders);
    const std::vector<io::FoundCheckpoint>& found = scan.found;
    if (a.has("--json")) {
        json looked = json::array(), checkpoints = json::array(), skipped = json::array();
        for (const io::ScanFolder& f : folders)
            looked.push_back({{"source", kindName(f.kind)}, {"path", f.path.string()}});
        for (const io::SkippedFile& f : scan.skipped)
            skipped.push_back({{"path", f.path.string()}, {"reason", f.reason}});
        for (const io::FoundCheckpoint& c : found)
            checkpoints.push_back({{"path", c.path.string()},
                                   {"model", c.model},
                                   {"revision", c.revision},
                                   {"source", kindName(c.kind)},
                                   {"format", c.format},
                                   {"prefix", c.prefix},
                                   {"prefixes", c.prefixes},
                                   {"patch_size", {c.patch.h, c.patch.w}},
                                   {"in_chans", c.channels},
                                   {"embed_dim", c.dim},
                                   {"pos_embed", c.posEmbed},
                                   {"cls_token", c.clsToken},
                                   {"bytes", c.bytes}});
        std::cout << json{{"looked_in", looked},
                          {"files_looked_at", scan.filesLookedAt},
                          {"checkpoints", checkpoints},
                          {"skipped", skipped}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::cout << "looked in:\n";
    for (const io::ScanFolder& f : folders)
        std::cout << "  " << kindName(f.kind) << "  " << f.path.string() << "\n";
    if (folders.empty())
        std::cout << "  (no Hugging Face or torch hub cache on this machine; add --folder DIR)\n";
    std::cout << "\n"
              << found.size() << (found.size() == 1 ? " checkpoint" : " checkpoints")
              << " with a patch embedding among " << scan.filesLookedAt << " files\n";
    for (const io::FoundCheckpoint& c : found) {
        std::cout << "\n  " << c.model << (c.revision.empty() ? "" : " @" + c.revision.substr(0, 8))
                  << "\n    patch " << c.patch.h << "x" << c.patch.w << ", C " << c.channels
                  << ", D " << c.dim << ", position embeddings " << (c.posEmbed ? "yes" : "no")
                  << ", class token " << (c.clsToken ? "yes" : "no") << ", " << c.format << ", "
                  << groupDigits(c.bytes) << " bytes\n    " << c.path.string() << "\n";
        if (c.prefixes.size() > 1) {
            std::cout << "    " << c.prefixes.size() << " patch embeddings:";
            for (const std::string& p : c.prefixes)
                std::cout << " --weights-key " << p;
            std::cout << "\n";
        }
    }
    if (!scan.skipped.empty()) {
        std::cout << "\n" << scan.skipped.size() << " skipped (could not be read):\n";
        for (const io::SkippedFile& f : scan.skipped)
            std::cout << "  " << f.reason << "\n";
    }
    return 0;
}

int runWeights(const ParsedArgs& a) {
    if (a.has("--list")) {
        if (!a.positional.empty())
            throw UsageError("weights --list takes no file, got '" + a.positional[0] + "'");
        return listMachine(a);
    }
    if (a.positional.size() != 1)
        throw UsageError("weights takes one FILE (or --list), got " +
                         std::to_string(a.positional.size()));
    if (a.has("--folder"))
        throw UsageError("--folder goes with --list");
    return listFile(a);
}

} // namespace

const Command kWeightsCommand{
    "weights",
    "weights FILE [--weights-key PREFIX] [--json]  |  weights --list [--folder DIR]... [--json]",
    "list a weights file's tensors and what Tessera uses, or the ViT checkpoints on this machine",
    {{"--list", "",
      "find checkpoints in the Hugging Face and torch hub caches (nothing downloaded)"},
     {"--folder", "DIR", "with --list: search this folder too (three levels deep; repeatable)"},
     {"--json", "", "print JSON"}},
    {"--weights-key"},
    runWeights,
};

} // namespace tessera::cli
