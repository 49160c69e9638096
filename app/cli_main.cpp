// tessera-cli: the command-line face of Tessera. Exit status: 0 success, 2 a usage or input
// error (one line on stderr naming the values; the file system refusing a path is one), 1 an
// internal failure.
#include "allocator_policy.hpp"
#include "commands.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <iostream>

namespace {

using namespace tessera::cli;

const Command* const kCommands[] = {&kEmbedCommand,    &kPreprocessCommand, &kResampleCommand,
                                    &kPosembedCommand, &kWeightsCommand,    &kInfoCommand,
                                    &kBenchCommand};

void printOverview(std::ostream& out) {
    out << "usage: tessera-cli COMMAND [options]    (tessera-cli COMMAND --help for its options)\n"
           "Patch embeddings of Vision Transformers (timm's PatchEmbed), exactly.\n\ncommands:\n";
    for (const Command* c : kCommands) {
        std::string name = "  " + std::string(c->name);
        name.resize(std::max<std::size_t>(name.size() + 2, 14), ' ');
        out << name << c->summary << "\n";
    }
    out << "\n  --version   print the version\n  --help      show this help\n";
}

} // namespace

int main(int argc, char** argv) {
    tessera::retainFreedBuffers();
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printOverview(std::cerr);
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h") {
        printOverview(std::cout);
        return 0;
    }
    if (args[0] == "--version") {
        std::cout << "tessera-cli " TESSERA_VERSION "\n";
        return 0;
    }
    for (const Command* c : kCommands) {
        if (c->name != args[0])
            continue;
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        const auto optionsEnd = std::find(rest.begin(), rest.end(), "--");
        if (std::find(rest.begin(), optionsEnd, "--help") != optionsEnd) {
            std::cout << helpText(*c);
            return 0;
        }
        try {
            return c->run(parseArgs(*c, rest));
        } catch (const tessera::InputError& e) {
            std::cerr << "tessera-cli " << c->name << ": " << e.what() << "\n";
            return 2;
        } catch (const std::filesystem::filesystem_error& e) {
            // A path the user gave that the system refuses (too long, a symbolic link loop, no
            // permission): theirs to fix, named with the system's reason.
            std::cerr << "tessera-cli " << c->name << ": cannot use " << e.path1().string() << ": "
                      << e.code().message() << "\n";
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "tessera-cli " << c->name << ": internal error: " << e.what() << "\n";
            return 1;
        }
    }
    std::cerr << "tessera-cli: unknown command '" << args[0] << "' (see tessera-cli --help)\n";
    return 2;
}

namespace tessera::cli {

std::string groupDigits(long long v) {
    std::string s = std::to_string(v < 0 ? -v : v);
    for (int i = int(s.size()) - 3; i > 0; i -= 3)
        s.insert(std::size_t(i), ",");
    return (v < 0 ? "-" : "") + s;
}

} // namespace tessera::cli
