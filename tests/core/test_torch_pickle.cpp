// The restricted unpickler against hand-written pickles: what torch.save writes is read, every
// other global is refused by name before anything after it is read, and malformed input of every
// kind is an InputError, never a crash. (Real torch.save files: tests/io/test_torch_checkpoint.)
#include "error.hpp"
#include "torch_pickle.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace tessera;

namespace {

// A few opcodes, spelled as pickletools names them, to write pickles by hand.
struct Pickle {
    std::string b = std::string("\x80\x02", 2);

    Pickle& op(char c) {
        b += c;
        return *this;
    }
    Pickle& str(const std::string& s) { // BINUNICODE
        b += 'X';
        for (int k = 0; k < 4; ++k)
            b += char((s.size() >> (8 * k)) & 0xff);
        b += s;
        return *this;
    }
    Pickle& int1(int v) { // BININT1
        b += 'K';
        b += char(v);
        return *this;
    }
    Pickle& int4(std::int32_t v) { // BININT
        b += 'J';
        for (int k = 0; k < 4; ++k)
            b += char((std::uint32_t(v) >> (8 * k)) & 0xff);
        return *this;
    }
    Pickle& global(const std::string& module, const std::string& name) {
        b += 'c' + module + '\n' + name + '\n';
        return *this;
    }
    Pickle& put(int k) {
        b += 'q';
        b += char(k);
        return *this;
    }
    Pickle& get(int k) {
        b += 'h';
        b += char(k);
        return *this;
    }
    Pickle& mark() { return op('('); }
    Pickle& tuple() { return op('t'); }
    // _rebuild_tensor_v2(storage 'key' of `numel` `storage`, offset, size, stride, False, {})
    Pickle& tensor(const std::string& key, const std::string& storage, int numel, int offset,
                   std::initializer_list<int> size, std::initializer_list<int> stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", storage).str(key).str("cpu").int4(numel).tuple();
        op('Q').int4(offset).mark();
        for (int s : size)
            int4(s);
        tuple().mark();
        for (int s : stride)
            int4(s);
        tuple().op('\x89').op('}').tuple().op('R');
        return *this;
    }
    std::string done() { return b + '.'; }
};

std::string errorOf(const std::string& bytes) {
    try {
        readTorchPickle(bytes, "f.pth");
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST(TorchPickle, ReadsAStateDictWithViewsDtypesAndNesting) {
    // {"model": OrderedDict(a=<view>, b=<half>), "epoch": 3, "lr": [1.5]}
    Pickle p;
    p.op('}').mark();
    p.str("model").global("collections", "OrderedDict").op(')').op('R').mark();
    p.str("a").tensor("0", "FloatStorage", 100, 10, {2, 3}, {1, 2});
    p.str("b").tensor("1", "HalfStorage", 4, 0, {4}, {1});
    p.str("ids").tensor("2", "LongStorage", 3, 0, {3}, {1});
    p.op('u');
    p.op('}').op('b'); // OrderedDict's BUILD with its (here empty) _metadata state
    p.str("epoch").int1(3).str("lr").op(']').op('G').b += std::string(8, '\0');
    p.op('a').op('u');
    const PickledTensors t = readTorchPickle(p.done(), "f.pth");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0].first, "model.a");
    EXPECT_EQ(t[0].second.storage, "0");
    EXPECT_EQ(t[0].second.dtype, StorageDtype::Float32);
    EXPECT_EQ(t[0].second.storageNumel, 100);
    EXPECT_EQ(t[0].second.offset, 10);
    EXPECT_EQ(t[0].second.shape, (Shape{2, 3}));
    EXPECT_EQ(t[0].second.stride, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(t[1].first, "model.b");
    EXPECT_EQ(t[1].second.dtype, StorageDtype::Float16);
    EXPECT_EQ(t[2].second.dtype, StorageDtype::Int64);
    EXPECT_FALSE(isFloat(t[2].second.dtype));
    EXPECT_EQ(dtypeName(StorageDtype::BFloat16), "bfloat16");
    EXPECT_EQ(dtypeBytes(StorageDtype::Float64), 8u);
}

TEST(TorchPickle, MemoReferencesShareOneObject) {
    // d = {}; d["w"] = tensor; the outer list names d twice (memo 0): both paths are listed.
    Pickle p;
    p.op(']').mark().op('}').put(0).str("w").tensor("0", "FloatStorage", 1, 0, {1}, {1});
    p.op('s').get(0).op('e');
    const PickledTensors t = readTorchPickle(p.done(), "f.pth");
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0].first, "0.w");
    EXPECT_EQ(t[1].first, "1.w");
}

TEST(TorchPickle, RefusesEveryOtherGlobalByName) {
    for (const auto& [module, name] :
         std::vector<std::pair<std::string, std::string>>{{"posix", "system"},
                                                          {"os", "system"},
                                                          {"builtins", "eval"},
                                                          {"subprocess", "Popen"},
                                                          {"argparse", "Namespace"},
                                                          {"torch", "load"},
                                                          {"collections", "defaultdict"},
                                                          {"torch._utils", "_rebuild_qtensor"}}) {
        Pickle p;
        p.op('}').str("x").global(module, name).str("echo hi").op('\x85').op('R').op('s');
        const std::string e = errorOf(p.done());
        EXPECT_NE(e.find("refused"), std::string::npos) << e;
        EXPECT_NE(e.find(module + "." + name), std::string::npos) << e;
    }
    Pickle p;
    p.global("posix", "system");
    EXPECT_NE(errorOf(p.done()).find("(os.system)"), std::string::npos);
}

TEST(TorchPickle, RefusesProtocolsAboveTwoSayingHowToConvert) {
    for (int proto : {3, 4, 5}) {
        std::string b = "\x80";
        b += char(proto);
        b += "}.";
        const std::string e = errorOf(b);
        EXPECT_NE(e.find("protocol " + std::to_string(proto)), std::string::npos) << e;
        EXPECT_NE(e.find("torch.save(torch.load(f), g)"), std::string::npos) << e;
    }
}

TEST(TorchPickle, RefusesViewsOutsideTheirStorage) {
    const auto view = [](int numel, int offset, std::initializer_list<int> size,
                         std::initializer_list<int> stride) {
        Pickle p;
        p.op('}').str("w").tensor("0", "FloatStorage", numel, offset, size, stride).op('s');
        return errorOf(p.done());
    };
    EXPECT_EQ(view(6, 0, {2, 3}, {3, 1}), "(no error)");
    EXPECT_EQ(view(0, 0, {0, 3}, {3, 1}), "(no error)"); // empty: reaches nothing
    EXPECT_NE(view(6, 1, {2, 3}, {3, 1}).find("reaches element 6"), std::string::npos);
    EXPECT_NE(view(6, 0, {2, 3}, {4, 1}).find("reaches element"), std::string::npos);
    EXPECT_NE(view(6, -1, {2}, {1}).find("negative"), std::string::npos);
    EXPECT_NE(view(6, 0, {-2}, {1}).find("negative"), std::string::npos);
    EXPECT_NE(view(6, 0, {2, 3}, {1}).find("strides"), std::string::npos);
    // Huge sizes and strides: no overflow, a refusal.
    EXPECT_NE(view(6, 0, {2, 2}, {0x7fffffff, 0x7fffffff}).find("reaches"), std::string::npos);
    // Stride 0 expanding a 1-element storage to a billion elements.
    EXPECT_NE(view(1, 0, {1000, 1000, 1000}, {0, 0, 0}).find("over a storage of 1"),
              std::string::npos);
}

TEST(TorchPickle, MalformedPicklesAreInputErrors) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "truncated"},
        {std::string("\x80\x02", 2), "truncated"},
        {std::string("\x80\x02}", 3), "truncated"},
        {std::string("\x80\x02}}.", 5), "2 values"},
        {std::string("\x80\x02s.", 4), "pops more"},
        {std::string("\x80\x02u.", 4), "no MARK"},
        {std::string("\x80\x02h\x05.", 5), "memo entry 5"},
        {std::string("\x80\x02X\xff\xff\xff\xff", 7), "truncated"},
        {std::string("\x80\x02(K\x01u.", 6), "odd number"},
        {std::string("\x80\x02K\x01K\x02s.", 7), "pops more"},
        {std::string("\x80\x02]K\x01K\x02s.", 8), "not a dict"},
        {std::string("\x80\x02I1\n.", 6), "opcode 0x49"},
        {std::string("\x80\x02\x8a\x09", 4), "integer of 9 bytes"},
        {std::string("\x80\x02K\x01)R.", 6), "not one of the globals"},
        {std::string("\x80\x02}K\x01Q.", 6), "persistent id"},
        {std::string("\x80\x02K\x01"
                     "b.",
                     5),
         "pops more"},
        {std::string("\x80\x02K\x01K\x01"
                     "b.",
                     7),
         "not a dict or a tensor"},
        {std::string("\x80\x02"
                     "ccollections",
                     13),
         "malformed GLOBAL"},
    };
    for (const auto& [bytes, word] : cases) {
        const std::string e = errorOf(bytes);
        EXPECT_NE(e.find(word), std::string::npos)
            << "pickle " << testing::PrintToString(bytes) << " gave: " << e;
        EXPECT_EQ(e.rfind("f.pth: ", 0), 0u) << e;
    }
}

TEST(TorchPickle, CyclesAndSharedBlowUpsAreBounded) {
    // A list that contains itself: l = []; l.append(l).
    EXPECT_NE(errorOf(std::string("\x80\x02]q\x00h\x00"
                                  "a.",
                                  9))
                  .find("cycle"),
              std::string::npos);
    // A tensor shared 2^40 times through 40 levels of lists that each hold the level below twice.
    Pickle p;
    p.tensor("0", "FloatStorage", 1, 0, {1}, {1}).put(0).op('0');
    for (int level = 0; level < 40; ++level)
        p.get(0).get(0).op('\x86').put(0).op('0');
    p.get(0);
    EXPECT_NE(errorOf(p.done()).find("pickle bomb"), std::string::npos);
}

TEST(TorchPickle, EveryTruncationOfAGoodPickleIsAnInputError) {
    Pickle p;
    p.op('}')
        .mark()
        .str("proj.weight")
        .tensor("0", "FloatStorage", 24, 0, {2, 3, 2, 2}, {12, 4, 2, 1});
    p.str("proj.bias").tensor("1", "BFloat16Storage", 2, 0, {2}, {1}).op('u');
    const std::string good = p.done();
    ASSERT_EQ(readTorchPickle(good, "f").size(), 2u);
    for (std::size_t n = 0; n < good.size(); ++n)
        EXPECT_THROW(readTorchPickle(good.substr(0, n), "f"), InputError) << n;
}
