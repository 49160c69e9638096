#include "torch_pickle.hpp"

#include "error.hpp"

#include <array>
#include <unordered_map>

namespace tessera {
namespace {

// The globals a state dict is made of; everything else is refused by name.
enum class Global {
    OrderedDict,
    RebuildTensorV2,
    RebuildParameter,
    RebuildParameterWithState,
    Storage, // a torch.*Storage class: its dtype is in Node::dtype
};

struct StorageClass {
    std::string_view name; // torch.<name>
    StorageDtype dtype;
    std::string_view numpy;
    std::size_t bytes;
};

constexpr std::array<StorageClass, 10> kStorages{{
    {"FloatStorage", StorageDtype::Float32, "float32", 4},
    {"HalfStorage", StorageDtype::Float16, "float16", 2},
    {"BFloat16Storage", StorageDtype::BFloat16, "bfloat16", 2},
    {"DoubleStorage", StorageDtype::Float64, "float64", 8},
    {"LongStorage", StorageDtype::Int64, "int64", 8},
    {"IntStorage", StorageDtype::Int32, "int32", 4},
    {"ShortStorage", StorageDtype::Int16, "int16", 2},
    {"CharStorage", StorageDtype::Int8, "int8", 1},
    {"ByteStorage", StorageDtype::UInt8, "uint8", 1},
    {"BoolStorage", StorageDtype::Bool, "bool", 1},
}};

const StorageClass& storageOf(StorageDtype dtype) {
    for (const StorageClass& c : kStorages)
        if (c.dtype == dtype)
            return c;
    return kStorages[0];
}

using Ref = std::uint32_t;

struct Node {
    enum class Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    std::int64_t i = 0;      // Bool, Int, Float (its bits); Global: which one
    std::string s;           // Str; Storage: its key
    std::vector<Ref> items;  // Tuple, List; Dict as key, value, key, value...
    std::size_t storage = 0; // Global::Storage and Storage: index into kStorages
    std::int64_t numel = 0;  // Storage: elements
    PickledTensor tensor;    // Tensor
};

class Unpickler {
  public:
    Unpickler(std::string_view bytes, const std::string& what) : m_in(bytes), m_what(what) {}

    Ref run() {
        while (true) {
            const std::uint8_t op = u8();
            switch (op) {
            case 0x80: { // PROTO
                const int proto = u8();
                if (proto > 2)
                    fail("uses pickle protocol " + std::to_string(proto) +
                         "; Tessera reads protocol 2, what torch.save writes. Re-save it in a "
                         "trusted environment with torch.save(torch.load(f), g), or convert it "
                         "to .safetensors");
                break;
            }
            case '.': // STOP
                if (m_stack.size() != 1 || !m_marks.empty())
                    fail("ends with " + std::to_string(m_stack.size()) + " values on its stack");
                return m_stack.back();
            case '(':
                m_marks.push_back(m_stack.size());
                break;
            case ')':
                push(make(Node::Kind::Tuple));
                break;
            case ']':
                push(make(Node::Kind::List));
                break;
            case '}':
                push(make(Node::Kind::Dict));
                break;
            case 't':
                push(containerFromMark(Node::Kind::Tuple));
                break;
            case 'l':
                push(containerFromMark(Node::Kind::List));
                break;
            case 'd':
                push(containerFromMark(Node::Kind::Dict));
                break;
            case 0x85:
            case 0x86:
            case 0x87: {
                const std::size_t n = std::size_t(op - 0x84);
                need(n);
                const Ref t = make(Node::Kind::Tuple);
                m_nodes[t].items.assign(m_stack.end() - std::ptrdiff_t(n), m_stack.end());
                m_stack.resize(m_stack.size() - n);
                push(t);
                break;
            }
            case 's': { // SETITEM
                need(3);
                const Ref v = pop(), k = pop();
                appendTo(top(), Node::Kind::Dict, {k, v});
                break;
            }
            case 'u': { // SETITEMS
                std::vector<Ref> kv = popToMark();
                if (kv.size() % 2)
                    fail("has a SETITEMS with an odd number of values");
                appendTo(top(), Node::Kind::Dict, kv);
                break;
            }
            case 'a': { // APPEND
                need(2);
                const Ref v = pop();
                appendTo(top(), Node::Kind::List, {v});
                break;
            }
            case 'e': { // APPENDS
                std::vector<Ref> vs = popToMark();
                appendTo(top(), Node::Kind::List, vs);
                break;
            }
            case 'q':
                memoPut(u8());
                break;
            case 'r':
                memoPut(u32());
                break;
            case 'h':
                memoGet(u8());
                break;
            case 'j':
                memoGet(u32());
                break;
            case 'J':
                pushInt(std::int32_t(u32()));
                break;
            case 'K':
                pushInt(u8());
                break;
            case 'M': {
                const std::uint32_t lo = u8();
                pushInt(lo | std::uint32_t(u8()) << 8);
                break;
            }
            case 0x8a: { // LONG1: little-endian two's complement of n bytes
                const std::size_t n = u8();
                if (n > 8)
                    fail("holds an integer of " + std::to_string(n) + " bytes");
                const std::string_view b = take(n);
                std::uint64_t v = 0;
                for (std::size_t k = 0; k < n; ++k)
                    v |= std::uint64_t(std::uint8_t(b[k])) << (8 * k);
                if (n > 0 && n < 8 && (std::uint8_t(b[n - 1]) & 0x80))
                    v |= ~std::uint64_t(0) << (8 * n); // sign-extend
                pushInt(std::int64_t(v));
                break;
            }
            case 'G': { // BINFLOAT: big-endian double
                const std::string_view b = take(8);
                std::uint64_t v = 0;
                for (char c : b)
                    v = v << 8 | std::uint8_t(c);
                const Ref r = make(Node::Kind::Float);
                m_nodes[r].i = std::int64_t(v);
                push(r);
                break;
            }
            case 'X': // BINUNICODE
                pushStr(take(u32()));
                break;
            case 'T': { // BINSTRING (Python 2 str)
                const std::int32_t n = std::int32_t(u32());
                if (n < 0)
                    fail("holds a string of negative length");
                pushStr(take(std::size_t(n)));
                break;
            }
            case 'U': // SHORT_BINSTRING
                pushStr(take(u8()));
                break;
            case 'N':
                push(make(Node::Kind::None));
                break;
            case 0x88:
            case 0x89: {
                const Ref r = make(Node::Kind::Bool);
                m_nodes[r].i = op == 0x88;
                push(r);
                break;
            }
            case 'c':
                global();
                break;
            case 'R':
                reduce();
                break;
            case 'Q':
                persistentId();
                break;
            case 'b': { // BUILD: an object's state; a state dict's OrderedDict has `_metadata`
                need(2);
                pop();
                const Node::Kind k = m_nodes[top()].kind;
                if (k != Node::Kind::Dict && k != Node::Kind::Tensor)
                    fail("sets the state of something that is not a dict or a tensor");
                break;
            }
            case '0':
                need(1);
                pop();
                break;
            case '1':
                popToMark();
                break;
            case '2':
                need(1);
                push(top());
                break;
            default:
                fail("has opcode 0x" + hex(op) + " at byte " + std::to_string(m_pos - 1) +
                     ", which torch.save does not write");
            }
        }
    }

    const Node& node(Ref r) const { return m_nodes[r]; }

  private:
    [[noreturn]] void fail(const std::string& why) const { throw InputError(m_what + ": " + why); }
    static std::string hex(std::uint8_t v) {
        const char* digits = "0123456789abcdef";
        return {digits[v >> 4], digits[v & 15]};
    }

    std::string_view take(std::size_t n) {
        if (n > m_in.size() - m_pos)
            fail("is truncated (needs " + std::to_string(n) + " more bytes at byte " +
                 std::to_string(m_pos) + " of " + std::to_string(m_in.size()) + ")");
        const std::string_view s = m_in.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    std::uint8_t u8() { return std::uint8_t(take(1)[0]); }
    std::uint32_t u32() {
        const std::string_view b = take(4);
        std::uint32_t v = 0;
        for (int k = 3; k >= 0; --k)
            v = v << 8 | std::uint8_t(b[std::size_t(k)]);
        return v;
    }

    Ref make(Node::Kind kind) {
        m_nodes.push_back(Node{});
        m_nodes.back().kind = kind;
        return Ref(m_nodes.size() - 1);
    }
    void push(Ref r) { m_stack.push_back(r); }
    void need(std::size_t n) const {
        const std::size_t floor = m_marks.empty() ? 0 : m_marks.back();
        if (m_stack.size() < floor + n)
            fail("pops more values than its stack holds at byte " + std::to_string(m_pos - 1));
    }
    Ref pop() {
        need(1);
        const Ref r = m_stack.back();
        m_stack.pop_back();
        return r;
    }
    Ref top() const {
        need(1);
        return m_stack.back();
    }
    std::vector<Ref> popToMark() {
        if (m_marks.empty())
            fail("has no MARK for a value list at byte " + std::to_string(m_pos - 1));
        const std::size_t mark = m_marks.back();
        m_marks.pop_back();
        std::vector<Ref> items(m_stack.begin() + std::ptrdiff_t(mark), m_stack.end());
        m_stack.resize(mark);
        return items;
    }
    Ref containerFromMark(Node::Kind kind) {
        std::vector<Ref> items = popToMark();
        if (kind == Node::Kind::Dict && items.size() % 2)
            fail("has a dict with an odd number of values");
        const Ref r = make(kind);
        m_nodes[r].items = std::move(items);
        return r;
    }
    void appendTo(Ref target, Node::Kind kind, const std::vector<Ref>& items) {
        Node& n = m_nodes[target];
        if (n.kind != kind)
            fail(std::string("adds items to something that is not a ") +
                 (kind == Node::Kind::Dict ? "dict" : "list"));
        n.items.insert(n.items.end(), items.begin(), items.end());
    }
    void pushInt(std::int64_t v) {
        const Ref r = make(Node::Kind::Int);
        m_nodes[r].i = v;
        push(r);
    }
    void pushStr(std::string_view s) {
        const Ref r = make(Node::Kind::Str);
        m_nodes[r].s = s;
        push(r);
    }
    void memoPut(std::uint32_t key) { m_memo[key] = top(); }
    void memoGet(std::uint32_t key) {
        const auto it = m_memo.find(key);
        if (it == m_memo.end())
            fail("refers to memo entry " + std::to_string(key) + " before it is set");
        push(it->second);
    }

    std::string line() {
        const std::size_t end = m_in.find('\n', m_pos);
        if (end == std::string_view::npos || end - m_pos > 256)
            fail("has a malformed GLOBAL at byte " + std::to_string(m_pos));
        std::string s(m_in.substr(m_pos, end - m_pos));
        m_pos = end + 1;
        return s;
    }

    void global() {
        const std::string module = line(), name = line();
        const Ref r = make(Node::Kind::Global);
        Node& n = m_nodes[r];
        if (module == "collections" && name == "OrderedDict")
            n.i = std::int64_t(Global::OrderedDict);
        else if (module == "torch._utils" && name == "_rebuild_tensor_v2")
            n.i = std::int64_t(Global::RebuildTensorV2);
        else if (module == "torch._utils" && name == "_rebuild_parameter")
            n.i = std::int64_t(Global::RebuildParameter);
        else if (module == "torch._utils" && name == "_rebuild_parameter_with_state")
            n.i = std::int64_t(Global::RebuildParameterWithState);
        else if (module == "torch" && storageClass(name, n.storage))
            n.i = std::int64_t(Global::Storage);
        else {
            // posix.system is what os.system pickles as; say both.
            const std::string alias =
                (module == "posix" || module == "nt") ? " (os." + name + ")" : std::string();
            fail("refused: its pickle names " + module + "." + name + alias +
                 ", which a state dict never needs; nothing in the file was run. Only tensors, "
                 "dicts, lists and numbers are read from PyTorch files");
        }
        push(r);
    }
    static bool storageClass(const std::string& name, std::size_t& index) {
        for (std::size_t k = 0; k < kStorages.size(); ++k)
            if (kStorages[k].name == name) {
                index = k;
                return true;
            }
        return false;
    }

    std::int64_t intOf(Ref r, const char* what) const {
        const Node& n = m_nodes[r];
        if (n.kind != Node::Kind::Int)
            fail(std::string("has a tensor whose ") + what + " is not an integer");
        return n.i;
    }

    void persistentId() {
        const Ref pid = pop();
        const Node t = m_nodes[pid]; // a copy: make() below may move the nodes
        if (t.kind != Node::Kind::Tuple || t.items.size() != 5 ||
            m_nodes[t.items[0]].kind != Node::Kind::Str || m_nodes[t.items[0]].s != "storage" ||
            m_nodes[t.items[1]].kind != Node::Kind::Global ||
            m_nodes[t.items[1]].i != std::int64_t(Global::Storage) ||
            m_nodes[t.items[2]].kind != Node::Kind::Str)
            fail("has a persistent id that is not a ('storage', torch.*Storage, key, location, "
                 "numel) tuple");
        const std::int64_t numel = intOf(t.items[4], "storage size");
        if (numel < 0 || numel > (std::int64_t(1) << 48))
            fail("has a storage of " + std::to_string(numel) + " elements");
        const Ref r = make(Node::Kind::Storage);
        Node& s = m_nodes[r];
        s.storage = m_nodes[t.items[1]].storage;
        s.s = m_nodes[t.items[2]].s;
        s.numel = numel;
        push(r);
    }

    std::vector<std::int64_t> intTuple(Ref r, const char* what) const {
        const Node& n = m_nodes[r];
        if (n.kind != Node::Kind::Tuple)
            fail(std::string("has a tensor whose ") + what + " is not a tuple");
        if (n.items.size() > 16)
            fail(std::string("has a tensor with ") + std::to_string(n.items.size()) + " " + what +
                 " values (at most 16 dimensions)");
        std::vector<std::int64_t> v;
        for (Ref item : n.items) {
            v.push_back(intOf(item, what));
            if (v.back() < 0)
                fail(std::string("has a tensor with a negative ") + what);
        }
        return v;
    }

    void reduce() {
        const Ref args = pop(), callable = pop();
        const Node& f = m_nodes[callable];
        const Node& a = m_nodes[args];
        if (f.kind != Node::Kind::Global || a.kind != Node::Kind::Tuple)
            fail("calls something that is not one of the globals it may name");
        const std::vector<Ref> items = a.items;
        switch (Global(f.i)) {
        case Global::OrderedDict:
            push(make(Node::Kind::Dict)); // its items follow as SETITEMS
            return;
        case Global::RebuildParameter:
        case Global::RebuildParameterWithState:
            if (items.size() < 3 || m_nodes[items[0]].kind != Node::Kind::Tensor)
                fail("rebuilds a parameter from something that is not a tensor");
            push(items[0]);
            return;
        case Global::RebuildTensorV2:
            push(rebuildTensor(items));
            return;
        case Global::Storage:
            break;
        }
        fail("calls a storage class, which torch.save never does");
    }

    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks
    // [, metadata]): a view into the storage, checked to lie inside it.
    Ref rebuildTensor(const std::vector<Ref>& items) {
        if (items.size() < 4 || items.size() > 7 || m_nodes[items[0]].kind != Node::Kind::Storage)
            fail("rebuilds a tensor from something that is not a storage");
        const Node st = m_nodes[items[0]]; // a copy: make() below may move the nodes
        PickledTensor t;
        t.storage = st.s;
        t.storageNumel = st.numel;
        t.offset = intOf(items[1], "storage offset");
        const std::vector<std::int64_t> size = intTuple(items[2], "size");
        t.stride = intTuple(items[3], "stride");
        t.shape.assign(size.begin(), size.end());
        if (t.offset < 0 || t.stride.size() != t.shape.size())
            fail("has a tensor with a negative offset or as many strides as sizes");
        // The last element a view reaches, without overflow: offset + sum((size - 1) * stride).
        bool empty = false;
        std::int64_t last = t.offset;
        for (std::size_t k = 0; k < size.size(); ++k) {
            if (size[k] == 0) {
                empty = true;
                continue;
            }
            std::int64_t step = 0;
            if (__builtin_mul_overflow(size[k] - 1, t.stride[k], &step) ||
                __builtin_add_overflow(last, step, &last))
                fail("has a tensor whose view overflows (size " + shapeString(t.shape) + ")");
        }
        // Stride-0 views (expand) can name far more elements than they store; a state dict
        // has no reason to, and converting one would allocate them all.
        std::int64_t count = 1;
        for (std::int64_t size_k : size)
            if (__builtin_mul_overflow(count, size_k, &count) || count > 16 * (st.numel + 1))
                fail("has a tensor of size " + shapeString(t.shape) + " over a storage of " +
                     std::to_string(st.numel) + " elements");
        if (!empty && last >= st.numel)
            fail("has a tensor of size " + shapeString(t.shape) + " at offset " +
                 std::to_string(t.offset) + " that reaches element " + std::to_string(last) +
                 " of a storage of " + std::to_string(st.numel));
        const Ref r = make(Node::Kind::Tensor);
        t.dtype = kStorages[st.storage].dtype;
        m_nodes[r].tensor = std::move(t);
        return r;
    }

    std::string_view m_in;
    std::size_t m_pos = 0;
    const std::string& m_what;
    std::vector<Node> m_nodes;
    std::vector<Ref> m_stack;
    std::vector<std::size_t> m_marks;
    std::unordered_map<std::uint32_t, Ref> m_memo;
};

// Flattens the tree into named tensors. A pickle can share one container many times (memo
// references) or hold a cycle, so depth and total visits are bounded.
class Flattener {
  public:
    Flattener(const Unpickler& u, const std::string& what) : m_u(u), m_what(what) {}

    void visit(Ref r, const std::string& name, int depth) {
        if (++m_visits > kMaxVisits || depth > kMaxDepth)
            throw InputError(m_what + ": nests its values deeper or more often than a state dict "
                                      "does (a cycle or a pickle bomb)");
        const Node& n = m_u.node(r);
        const auto child = [&](const std::string& key) {
            return name.empty() ? key : name + "." + key;
        };
        switch (n.kind) {
        case Node::Kind::Tensor:
            out.emplace_back(name, n.tensor);
            break;
        case Node::Kind::Dict:
            for (std::size_t k = 0; k + 1 < n.items.size(); k += 2) {
                const Node& key = m_u.node(n.items[k]);
                if (key.kind == Node::Kind::Str)
                    visit(n.items[k + 1], child(key.s), depth + 1);
                else if (key.kind == Node::Kind::Int)
                    visit(n.items[k + 1], child(std::to_string(key.i)), depth + 1);
            }
            break;
        case Node::Kind::List:
        case Node::Kind::Tuple:
            for (std::size_t k = 0; k < n.items.size(); ++k)
                visit(n.items[k], child(std::to_string(k)), depth + 1);
            break;
        default:
            break;
        }
    }

    PickledTensors out;

  private:
    static constexpr int kMaxDepth = 64;
    static constexpr std::size_t kMaxVisits = 1'000'000; // a ViT-g state dict has ~1,000 tensors
    const Unpickler& m_u;
    const std::string& m_what;
    std::size_t m_visits = 0;
};

} // namespace

std::string_view dtypeName(StorageDtype dtype) {
    return storageOf(dtype).numpy;
}
std::size_t dtypeBytes(StorageDtype dtype) {
    return storageOf(dtype).bytes;
}
bool isFloat(StorageDtype dtype) {
    return dtype == StorageDtype::Float32 || dtype == StorageDtype::Float16 ||
           dtype == StorageDtype::BFloat16 || dtype == StorageDtype::Float64;
}

PickledTensors readTorchPickle(std::string_view bytes, const std::string& what) {
    Unpickler u(bytes, what);
    const Ref root = u.run();
    Flattener f(u, what);
    f.visit(root, "", 0);
    return std::move(f.out);
}

} // namespace tessera
