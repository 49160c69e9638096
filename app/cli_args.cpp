#include "cli_args.hpp"

#include "spec_flags.hpp"

#include <algorithm>

namespace tessera::cli {
namespace {

bool takesSpecFlag(const Command& c, std::string_view name) {
    const SpecFlag* flag = findSpecFlag(name);
    return std::any_of(c.specFlags.begin(), c.specFlags.end(), [&](std::string_view f) {
        return f == name || (f == "*" && flag && !flag->sequence);
    });
}

const Option* findOption(const Command& c, std::string_view name) {
    for (const auto& o : c.options)
        if (o.name == name)
            return &o;
    return nullptr;
}

} // namespace

std::string ParsedArgs::get(std::string_view name, std::string fallback) const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
}

std::vector<std::string> ParsedArgs::all(std::string_view name) const {
    auto it = repeated.find(name);
    return it == repeated.end() ? std::vector<std::string>{} : it->second;
}

ParsedArgs parseArgs(const Command& command, const std::vector<std::string>& args) {
    ParsedArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") { // the usual end of options: what follows is input, even "-x.png"
            parsed.positional.insert(parsed.positional.end(), args.begin() + i + 1, args.end());
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            parsed.positional.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); eq != std::string::npos && arg.starts_with("--")) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        const Option* own = findOption(command, name);
        const SpecFlag* spec = takesSpecFlag(command, name) ? findSpecFlag(name) : nullptr;
        if (!own && !spec)
            throw UsageError("unknown option " + name + " for '" + std::string(command.name) +
                             "' (see tessera-cli " + std::string(command.name) + " --help)");
        const bool needsValue = own ? !own->metavar.empty() : spec->takesValue();
        std::string value;
        if (needsValue) {
            if (inlineValue)
                value = *inlineValue;
            else if (i + 1 < args.size())
                value = args[++i];
            else
                throw UsageError("option " + name + " needs a value (" +
                                 (own ? std::string(own->metavar) : spec->valueHint()) + ")");
        } else if (inlineValue) {
            throw UsageError("option " + name + " takes no value");
        }
        if (own) {
            parsed.options[name] = value;
            parsed.repeated[name].push_back(value);
        } else {
            spec->apply(parsed.spec, value);
            parsed.specArgs.push_back(name);
            if (needsValue)
                parsed.specArgs.push_back(value);
        }
    }
    return parsed;
}

std::string helpText(const Command& command) {
    std::string text = "usage: tessera-cli " + std::string(command.usage) + "\n" +
                       std::string(command.summary) + "\n\noptions:\n";
    auto line = [&](std::string_view name, std::string_view metavar, std::string_view help) {
        std::string left = "  " + std::string(name);
        if (!metavar.empty())
            left += " " + std::string(metavar);
        left.resize(std::max<std::size_t>(left.size() + 2, 34), ' ');
        text += left + std::string(help) + "\n";
    };
    for (const auto& o : command.options)
        line(o.name, o.metavar, o.help);
    for (const auto& f : specFlags())
        if (takesSpecFlag(command, f.name))
            line(f.name, f.valueHint(), f.help);
    line("--help", "", "show this help");
    return text;
}

} // namespace tessera::cli
