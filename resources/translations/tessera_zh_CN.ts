<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>tessera::Choice</name>
    <message>
        <source>strict</source>
        <translation>严格</translation>
    </message>
    <message>
        <source>dynamic (zero-pad)</source>
        <translation>动态（补零）</translation>
    </message>
    <message>
        <source>none (sides must divide)</source>
        <translation>无（边长须能整除）</translation>
    </message>
    <message>
        <source>NLC (B, N, D)</source>
        <translation>NLC (B, N, D)</translation>
    </message>
    <message>
        <source>NCHW (B, D, gh, gw)</source>
        <translation>NCHW (B, D, gh, gw)</translation>
    </message>
    <message>
        <source>NHWC (B, gh, gw, D)</source>
        <translation>NHWC (B, gh, gw, D)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>nearest</source>
        <translation>最近邻</translation>
    </message>
    <message>
        <source>bilinear</source>
        <translation>双线性</translation>
    </message>
    <message>
        <source>bicubic</source>
        <translation>双三次</translation>
    </message>
    <message>
        <source>Native size</source>
        <translation>原始尺寸</translation>
    </message>
    <message>
        <source>timm eval: resize + center crop</source>
        <translation>timm 评估：缩放 + 中心裁剪</translation>
    </message>
    <message>
        <source>Resize to img_size</source>
        <translation>缩放到 img_size</translation>
    </message>
    <message>
        <source>Native size, crop to a multiple</source>
        <translation>原始尺寸，裁剪到整数倍</translation>
    </message>
    <message>
        <source>PyTorch default</source>
        <translation>PyTorch 默认</translation>
    </message>
    <message>
        <source>LeCun normal</source>
        <translation>LeCun 正态</translation>
    </message>
    <message>
        <source>Xavier uniform</source>
        <translation>Xavier 均匀</translation>
    </message>
    <message>
        <source>truncated normal (0.02)</source>
        <translation>截断正态 (0.02)</translation>
    </message>
    <message>
        <source>PCA of the image&apos;s patches</source>
        <translation>本图图像块的 PCA</translation>
    </message>
</context>
<context>
    <name>tessera::SpecFlag</name>
    <message>
        <source>Weights file</source>
        <translation>权重文件</translation>
    </message>
    <message>
        <source>Checkpoint prefix</source>
        <translation>检查点前缀</translation>
    </message>
    <message>
        <source>PI-resize</source>
        <translation>PI 缩放</translation>
    </message>
    <message>
        <source>Patch (P × Q)</source>
        <translation>图像块 (P × Q)</translation>
    </message>
    <message>
        <source>embed_dim</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>img_size</source>
        <translation>img_size</translation>
    </message>
    <message>
        <source>Size policy</source>
        <translation>尺寸策略</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>crop_pct</source>
        <translation>crop_pct</translation>
    </message>
    <message>
        <source>Interpolation</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Output layout</source>
        <translation>输出布局</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>LayerNorm eps</source>
        <translation>LayerNorm eps</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>GEMM backend</source>
        <translation>GEMM 后端</translation>
    </message>
    <message>
        <source>tessera --max-memory SIZE (a start option)</source>
        <translation>tessera --max-memory SIZE（启动选项）</translation>
    </message>
    <message>
        <source>Class token</source>
        <translation>类别标记</translation>
    </message>
    <message>
        <source>Register tokens</source>
        <translation>寄存器词元</translation>
    </message>
</context>
<context>
    <name>tessera::io::OverlayPainter</name>
    <message>
        <source>norm</source>
        <translation>范数</translation>
    </message>
</context>
<context>
    <name>tessera::io::PatchMap</name>
    <message>
        <source>no value</source>
        <translation>无值</translation>
    </message>
</context>
<context>
    <name>tessera::ui::CheckpointChooser</name>
    <message>
        <source>The search stopped: %1</source>
        <translation>搜索已停止：%1</translation>
    </message>
    <message>
        <source>Choose weights</source>
        <translation>选择权重</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>图像块</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>Pos. embed</source>
        <translation>位置编码</translation>
    </message>
    <message>
        <source>CLS token</source>
        <translation>类别标记</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>The model: org/name from the Hugging Face cache, else the file&apos;s name. A file with several patch embeddings (DINO&apos;s teacher and student) has a row for each.</source>
        <translation>模型：Hugging Face 缓存中的 组织/名称，否则为文件名。含多个图像块嵌入的文件（如 DINO 的教师与学生网络）每个嵌入占一行。</translation>
    </message>
    <message>
        <source>P×Q: the patch size in pixels, from the kernel&apos;s shape (D, C, P, Q).</source>
        <translation>P×Q：图像块大小（像素），取自卷积核形状 (D, C, P, Q)。</translation>
    </message>
    <message>
        <source>D: how many numbers each patch becomes (the embedding width).</source>
        <translation>D：每个图像块变成多少个数（嵌入维度）。</translation>
    </message>
    <message>
        <source>C: the image channels the kernel reads (3 for RGB).</source>
        <translation>C：卷积核读取的图像通道数（RGB 为 3）。</translation>
    </message>
    <message>
        <source>Whether the file holds position embeddings for this patch embedding.</source>
        <translation>文件中是否有这个图像块嵌入的位置编码。</translation>
    </message>
    <message>
        <source>Whether the file holds a class token ([CLS]).</source>
        <translation>文件中是否有类别标记（[CLS]）。</translation>
    </message>
    <message>
        <source>The file&apos;s format.</source>
        <translation>文件格式。</translation>
    </message>
    <message>
        <source>The file&apos;s size in megabytes.</source>
        <translation>文件大小（MB）。</translation>
    </message>
    <message>
        <source>Where the file was found.</source>
        <translation>文件所在位置。</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Search a folder of yours too (three levels deep).</source>
        <translation>也搜索你自己的文件夹（向下三层）。</translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <source>Stop searching the selected folder of yours.</source>
        <translation>不再搜索选中的自定义文件夹。</translation>
    </message>
    <message>
        <source>Folders searched</source>
        <translation>搜索的文件夹</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Use the selected patch embedding&apos;s weights.</source>
        <translation>使用选中的图像块嵌入的权重。</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Pick any weights file by hand.</source>
        <translation>手动选择任意权重文件。</translation>
    </message>
    <message>
        <source>A folder holding checkpoints</source>
        <translation>存放检查点的文件夹</translation>
    </message>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <source>torch hub</source>
        <translation>torch hub</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>A standard place, searched always.</source>
        <translation>标准位置，总会搜索。</translation>
    </message>
    <message>
        <source>(no Hugging Face cache or torch hub cache on this machine)</source>
        <translation>（本机没有 Hugging Face 缓存，也没有 torch hub 缓存）</translation>
    </message>
    <message>
        <source>A folder of yours.</source>
        <translation>你的文件夹。</translation>
    </message>
    <message>
        <source>Looking in the folders below… (%1 files looked at)</source>
        <translation>正在搜索下列文件夹…（已查看 %1 个文件）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1
keys under %2</source>
        <translation>%1
%2 下的键</translation>
    </message>
    <message>
        <source>%1×%2</source>
        <translation>%1×%2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Patch embeddings found: %1 (%2 files looked at). Select one and press Use, or double-click it.</source>
        <translation>找到图像块嵌入：%1 个（已查看 %2 个文件）。选中一个后按“使用”，或双击它。</translation>
    </message>
    <message>
        <source>%1 files could not be read (hover here to see why).</source>
        <translation>有 %1 个文件无法读取（鼠标悬停此处查看原因）。</translation>
    </message>
    <message>
        <source>There is no Hugging Face cache on this machine.</source>
        <translation>本机没有 Hugging Face 缓存。</translation>
    </message>
    <message>
        <source>There is no torch hub cache on this machine.</source>
        <translation>本机没有 torch hub 缓存。</translation>
    </message>
    <message>
        <source>Nothing was found in the Hugging Face cache (%1).</source>
        <translation>Hugging Face 缓存（%1）中什么也没找到。</translation>
    </message>
    <message>
        <source>Nothing was found in the torch hub cache (%1).</source>
        <translation>torch hub 缓存（%1）中什么也没找到。</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No ViT checkpoints found.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;%1&lt;br&gt;%2&lt;/p&gt;&lt;p&gt;Those caches fill up when Python code (transformers, timm) downloads a model. Tessera never downloads anything itself.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Add folder…&lt;/b&gt; to search a folder holding checkpoints, or &lt;b&gt;Open file…&lt;/b&gt; to pick one file (%3).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;没有找到 ViT 检查点。&lt;/b&gt;&lt;/p&gt;&lt;p&gt;%1&lt;br&gt;%2&lt;/p&gt;&lt;p&gt;Python 代码（transformers、timm）下载模型时，这些缓存才会有内容。Tessera 自己从不下载任何东西。&lt;/p&gt;&lt;p&gt;按&lt;b&gt;添加文件夹…&lt;/b&gt;搜索存放检查点的文件夹，或按&lt;b&gt;打开文件…&lt;/b&gt;选择单个文件（%3）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No patch embedding found (%1 files looked at).</source>
        <translation>没有找到图像块嵌入（已查看 %1 个文件）。</translation>
    </message>
    <message>
        <source>Weights file</source>
        <translation>权重文件</translation>
    </message>
    <message>
        <source>Weights (%1)</source>
        <translation>权重 (%1)</translation>
    </message>
    <message>
        <source>Which patch embedding?</source>
        <translation>用哪个图像块嵌入？</translation>
    </message>
    <message>
        <source>%1 holds %2 patch embeddings. Which one should Tessera use?</source>
        <translation>%1 含有 %2 个图像块嵌入。Tessera 应该用哪一个？</translation>
    </message>
</context>
<context>
    <name>tessera::ui::CompareView</name>
    <message>
        <source>%1 G</source>
        <translation>%1 G</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>P = %1 · current</source>
        <translation>P = %1 · 当前</translation>
    </message>
    <message>
        <source>P = %1</source>
        <translation>P = %1</translation>
    </message>
    <message>
        <source>Cannot cut this input: %1</source>
        <translation>无法切分此输入：%1</translation>
    </message>
    <message>
        <source>%1 × %2 = %3 patches</source>
        <translation>%1 × %2 = %3 个图像块</translation>
    </message>
    <message>
        <source>K = C·P·Q = %1·%2·%3 = %4</source>
        <translation>K = C·P·Q = %1·%2·%3 = %4</translation>
    </message>
    <message>
        <source>%1 params · %2 FLOPs</source>
        <translation>%1 个参数 · %2 FLOPs</translation>
    </message>
    <message>
        <source>T = %1 tokens: attention T² = %2</source>
        <translation>T = %1 个词元：注意力 T² = %2</translation>
    </message>
    <message>
        <source>T = %1 tokens: attention ×%2</source>
        <translation>T = %1 个词元：注意力 ×%2</translation>
    </message>
    <message>
        <source>kernel PI-resized from %1</source>
        <translation>卷积核由 %1 PI 缩放而来</translation>
    </message>
    <message>
        <source>computing the norm map…</source>
        <translation>正在计算范数图…</translation>
    </message>
    <message>
        <source>no map: %1</source>
        <translation>无图：%1</translation>
    </message>
    <message>
        <source>Patch sizes:</source>
        <translation>图像块大小：</translation>
    </message>
    <message>
        <source>Patch sizes to compare, separated by commas: 16 for 16×16, 8x12 for 8 rows by 12 columns. The current patch is always shown.</source>
        <translation>要比较的图像块大小，用逗号分隔：16 表示 16×16，8x12 表示 8 行 12 列。当前的图像块大小总会显示。</translation>
    </message>
    <message>
        <source>Open an image: its patches will be shown here cut with each patch size side by side.</source>
        <translation>打开一张图像：这里会并排显示它按各个图像块大小切分的结果。</translation>
    </message>
    <message>
        <source>no map: %1 MB of weights</source>
        <translation>无图：权重 %1 MB</translation>
    </message>
    <message>
        <source>no map: too large to PI-resize</source>
        <translation>无图：太大，无法 PI 缩放</translation>
    </message>
    <message>
        <source>The same image cut with each patch size. At P = %1 it gives %2 patches, %3× as many as at the current %4 (%5), and every attention layer after the patch embedding compares %6× as many pairs of tokens. The patch embedding itself costs about the same (%7 against %8 FLOPs: each pixel meets D weights once, whatever P), while its weights grow with P². Click a card to use its size.</source>
        <translation>同一张图像按各个图像块大小切分。P = %1 时得到 %2 个图像块，是当前 %4（%5）的 %3 倍；图像块嵌入之后的每个注意力层要比较的词元对数是 %6 倍。图像块嵌入本身的计算量差不多（%7 对 %8 FLOPs：无论 P 多大，每个像素都只与 D 个权重各相乘一次），而它的权重数随 P² 增长。点击卡片即可使用该大小。</translation>
    </message>
    <message>
        <source>The same image cut with each patch size: smaller patches give more tokens, and attention compares every pair of them. Click a card to use its size.</source>
        <translation>同一张图像按各个图像块大小切分：图像块越小，词元越多，而注意力要比较每一对词元。点击卡片即可使用该大小。</translation>
    </message>
    <message>
        <source>this patch size needs another resize of the image</source>
        <translation>这个图像块大小需要重新缩放图像</translation>
    </message>
    <message>
        <source>norm</source>
        <translation>范数</translation>
    </message>
    <message>
        <source>no map</source>
        <translation>无图</translation>
    </message>
</context>
<context>
    <name>tessera::ui::ControlsPanel</name>
    <message>
        <source>Patch height P in pixels: each patch covers P rows.</source>
        <translation>图像块高度 P（像素）：每个图像块覆盖 P 行。</translation>
    </message>
    <message>
        <source>Patch width Q in pixels: each patch covers Q columns.</source>
        <translation>图像块宽度 Q（像素）：每个图像块覆盖 Q 列。</translation>
    </message>
    <message>
        <source>square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <source>Keep the patch square: changing one side changes the other.</source>
        <translation>保持图像块为正方形：改一边，另一边随之改变。</translation>
    </message>
    <message>
        <source>embed_dim D: the length of each patch&apos;s embedding vector.</source>
        <translation>嵌入维度 D：每个图像块嵌入向量的长度。</translation>
    </message>
    <message>
        <source>RGB (3)</source>
        <translation>RGB (3)</translation>
    </message>
    <message>
        <source>Grayscale (1)</source>
        <translation>灰度 (1)</translation>
    </message>
    <message>
        <source>Input channels C: RGB, or luminance as PIL&apos;s convert(&quot;L&quot;).</source>
        <translation>输入通道 C：RGB，或按 PIL 的 convert(&quot;L&quot;) 得到的亮度。</translation>
    </message>
    <message>
        <source>Patch size, embed_dim, channels, bias and LayerNorm come from the weights file.</source>
        <translation>图像块大小、嵌入维度、通道、偏置和 LayerNorm 都取自权重文件。</translation>
    </message>
    <message>
        <source>How the image reaches the model&apos;s input size before it is cut into patches.</source>
        <translation>图像在切成图像块之前，如何变为模型的输入尺寸。</translation>
    </message>
    <message>
        <source>What happens when the native size is not a multiple of the patch (timm&apos;s PatchEmbed size policy).</source>
        <translation>原始尺寸不是图像块大小的整数倍时怎么办（timm PatchEmbed 的尺寸策略）。</translation>
    </message>
    <message>
        <source>img_size: the square input size the model expects.</source>
        <translation>img_size：模型要求的正方形输入尺寸。</translation>
    </message>
    <message>
        <source>crop_pct: the shorter side is resized to img_size / crop_pct, then center-cropped.</source>
        <translation>crop_pct：先把短边缩放到 img_size / crop_pct，再做中心裁剪。</translation>
    </message>
    <message>
        <source>Resampling used to resize the image (PIL&apos;s, as timm uses).</source>
        <translation>缩放图像所用的重采样方法（与 timm 一样用 PIL 的）。</translation>
    </message>
    <message>
        <source>Normalisation preset: the mean/std (and crop_pct, interpolation) a model family was trained with.</source>
        <translation>归一化预设：某个模型家族训练时所用的均值/标准差（以及 crop_pct、插值）。</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>From file</source>
        <translation>来自文件</translation>
    </message>
    <message>
        <source>Random weights from an init scheme and seed, or a checkpoint&apos;s trained kernel.</source>
        <translation>由初始化方案和随机种子生成的随机权重，或检查点中训练好的卷积核。</translation>
    </message>
    <message>
        <source>Init scheme of the random weights (PyTorch default is what timm&apos;s PatchEmbed starts with).</source>
        <translation>随机权重的初始化方案（timm 的 PatchEmbed 起始时用 PyTorch 默认）。</translation>
    </message>
    <message>
        <source>Seed of the random weights (0 to 2^63-1): the same seed gives the same weights, here and in tessera-cli.</source>
        <translation>随机权重的种子（0 到 2^63-1）：同一种子得到同样的权重，在这里和 tessera-cli 中都一样。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Pick a PatchEmbed&apos;s weights: a checkpoint found on this machine (Hugging Face or torch hub cache, your folders) or any file: .safetensors, .pth/.bin (PyTorch), .npz or .npy.</source>
        <translation>选择一个 PatchEmbed 的权重：本机上找到的检查点（Hugging Face 或 torch hub 缓存、你的文件夹），或任意文件：.safetensors、.pth/.bin（PyTorch）、.npz 或 .npy。</translation>
    </message>
    <message>
        <source>This checkpoint holds several patch embeddings: which one to use.</source>
        <translation>这个检查点含有多个图像块嵌入：选择要用哪一个。</translation>
    </message>
    <message>
        <source>PI-resize kernel to the patch size (FlexiViT)</source>
        <translation>把卷积核 PI 缩放到图像块大小（FlexiViT）</translation>
    </message>
    <message>
        <source>Resize the file&apos;s kernel to the chosen patch size, as timm&apos;s resample_patch_embed does.</source>
        <translation>把文件中的卷积核缩放到所选图像块大小，与 timm 的 resample_patch_embed 相同。</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Add the projection&apos;s bias b to every embedding (Conv2d bias=True).</source>
        <translation>给每个嵌入加上投影的偏置 b（Conv2d bias=True）。</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>Normalise each embedding over D after the projection (timm&apos;s norm_layer).</source>
        <translation>投影之后，对每个嵌入在 D 维上做归一化（timm 的 norm_layer）。</translation>
    </message>
    <message>
        <source>Patch embedding</source>
        <translation>图像块嵌入</translation>
    </message>
    <message>
        <source>Patch (P × Q)</source>
        <translation>图像块 (P × Q)</translation>
    </message>
    <message>
        <source>embed_dim</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Size policy</source>
        <translation>尺寸策略</translation>
    </message>
    <message>
        <source>img_size</source>
        <translation>img_size</translation>
    </message>
    <message>
        <source>crop_pct</source>
        <translation>crop_pct</translation>
    </message>
    <message>
        <source>Interpolation</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>The arithmetic of this configuration, as `tessera-cli info` prints it.</source>
        <translation>这一配置的算术，与 `tessera-cli info` 的输出相同。</translation>
    </message>
    <message>
        <source>Still using random weights.</source>
        <translation>仍在使用随机权重。</translation>
    </message>
    <message>
        <source>Still using %1.</source>
        <translation>仍在使用 %1。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c0392b&apos;&gt;Cannot use this file: %1&lt;/span&gt; %2</source>
        <translation>&lt;span style=&apos;color:#c0392b&apos;&gt;无法使用此文件：%1&lt;/span&gt; %2</translation>
    </message>
    <message>
        <source>%1 — %2×%3×%4×%5 (%6)</source>
        <translation>%1 — %2×%3×%4×%5 (%6)</translation>
    </message>
    <message>
        <source>%1 — reading…</source>
        <translation>%1 — 正在读取…</translation>
    </message>
    <message>
        <source>embed_dim, channels, bias and LayerNorm come from the weights file; its kernel is PI-resized to the patch size you set.</source>
        <translation>嵌入维度、通道、偏置和 LayerNorm 取自权重文件；它的卷积核被 PI 缩放到你设定的图像块大小。</translation>
    </message>
    <message>
        <source>No image yet.</source>
        <translation>还没有图像。</translation>
    </message>
    <message>
        <source>&lt;b&gt;image&lt;/b&gt; %8 → &lt;b&gt;model input&lt;/b&gt; %9&lt;br&gt;&lt;b&gt;grid&lt;/b&gt; %1×%2 · &lt;b&gt;N&lt;/b&gt; %3 patches · &lt;b&gt;C·P·Q&lt;/b&gt; %4 values per patch&lt;br&gt;&lt;b&gt;parameters&lt;/b&gt; %5 · &lt;b&gt;FLOPs&lt;/b&gt; %6&lt;br&gt;&lt;b&gt;output&lt;/b&gt; (1, %3, %7)</source>
        <translation>&lt;b&gt;图像&lt;/b&gt; %8 → &lt;b&gt;模型输入&lt;/b&gt; %9&lt;br&gt;&lt;b&gt;网格&lt;/b&gt; %1×%2 · &lt;b&gt;N&lt;/b&gt; %3 个图像块 · &lt;b&gt;C·P·Q&lt;/b&gt; 每个图像块 %4 个值&lt;br&gt;&lt;b&gt;参数&lt;/b&gt; %5 · &lt;b&gt;FLOPs&lt;/b&gt; %6&lt;br&gt;&lt;b&gt;输出&lt;/b&gt; (1, %3, %7)</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c0392b&apos;&gt;These settings cannot be cut: %1&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c0392b&apos;&gt;这些设置无法切分图像块：%1&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>tessera::ui::EmbeddingMatrixView</name>
    <message>
        <source>Hover to read a value; click to select that patch and filter (in the margins: only the patch, or only the filter); then the arrow keys step the filter (left, right) and the patch (up, down).</source>
        <translation>悬停读取数值；单击选中该图像块和滤波器（在边栏上单击：只选图像块或只选滤波器）；之后方向键切换滤波器（左、右）和图像块（上、下）。</translation>
    </message>
    <message>
        <source>No result yet: open an image to see its embedding matrix.</source>
        <translation>还没有结果：打开一张图像即可看到它的嵌入矩阵。</translation>
    </message>
    <message>
        <source>%1 patches × %2 numbers: each row is one patch&apos;s embedding, the tokens the Transformer reads. Column d is output d at every patch (filter d&apos;s response). Blue below 0, red above.</source>
        <translation>%1 个图像块 × %2 个数：每一行是一个图像块的嵌入，即 Transformer 读入的词元。第 d 列是每个图像块的输出 d（滤波器 d 的响应）。蓝色小于 0，红色大于 0。</translation>
    </message>
    <message>
        <source>patch %1 (row %2, col %3), dim %4: %5</source>
        <translation>图像块 %1（第 %2 行，第 %3 列），维度 %4：%5</translation>
    </message>
    <message>
        <source>patch %1 (row %2, col %3)</source>
        <translation>图像块 %1（第 %2 行，第 %3 列）</translation>
    </message>
    <message>
        <source>%1, dim %2: %3</source>
        <translation>%1，维度 %2：%3</translation>
    </message>
    <message>
        <source>dim %1 (filter %1&apos;s response)</source>
        <translation>维度 %1（滤波器 %1 的响应）</translation>
    </message>
    <message>
        <source>No embeddings to show yet.</source>
        <translation>还没有可显示的嵌入。</translation>
    </message>
    <message>
        <source>Drawing…</source>
        <translation>正在绘制…</translation>
    </message>
    <message>
        <source>patch n</source>
        <translation>图像块 n</translation>
    </message>
    <message>
        <source>dim d</source>
        <translation>维度 d</translation>
    </message>
    <message>
        <source>±%1 holds 99.5% of the values (max |value| %2)</source>
        <translation>±%1 内含 99.5% 的值（最大 |值| 为 %2）</translation>
    </message>
    <message>
        <source>colours to ±%1</source>
        <translation>颜色范围 ±%1</translation>
    </message>
    <message>
        <source>; a pixel: its block&apos;s strongest</source>
        <translation>；一个像素：其所在块中最强的值</translation>
    </message>
</context>
<context>
    <name>tessera::ui::ExportJob</name>
    <message>
        <source>not enough memory to export to %1</source>
        <translation>内存不足，无法导出到 %1</translation>
    </message>
</context>
<context>
    <name>tessera::ui::FiltersView</name>
    <message>
        <source>share per PC (bars), running total (line)</source>
        <translation>每个主成分的占比（柱），累计（线）</translation>
    </message>
    <message>
        <source>What am I looking at?</source>
        <translation>我看到的是什么？</translation>
    </message>
    <message>
        <source>by index</source>
        <translation>按序号</translation>
    </message>
    <message>
        <source>by norm, largest first</source>
        <translation>按范数，从大到小</translation>
    </message>
    <message>
        <source>Show the filters in order of d, or of their length ‖W[d]‖.</source>
        <translation>按 d 的顺序，或按长度 ‖W[d]‖ 显示滤波器。</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Shared scale</source>
        <translation>统一色标</translation>
    </message>
    <message>
        <source>Off: each filter is stretched to its own range (its lowest weight black, its highest white), so every filter&apos;s pattern shows.
On: one range for all filters, from -m to +m with m the largest |weight| of W, so 0 is mid-grey and weak filters fade to grey: filters can be compared.</source>
        <translation>关：每个滤波器按自己的范围拉伸（最小权重为黑，最大为白），每个滤波器的图案都看得见。
开：所有滤波器共用一个范围，从 -m 到 +m，m 为 W 中最大的 |权重|，所以 0 是中灰，弱的滤波器淡成灰色：滤波器之间可以比较。</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器</translation>
    </message>
    <message>
        <source>Filter PCs</source>
        <translation>滤波器主成分</translation>
    </message>
    <message>
        <source>No result yet: open an image to see the projection&apos;s filters.</source>
        <translation>还没有结果：打开一张图像即可看到投影的滤波器。</translation>
    </message>
    <message>
        <source>A filter is one row of the projection W, shown as a picture.</source>
        <translation>滤波器就是投影矩阵 W 的一行，画成一张图。</translation>
    </message>
    <message>
        <source>%1 filters, each %2×%3×%4 = %5 weights. Click one to follow it; the arrow keys step.</source>
        <translation>%1 个滤波器，每个 %2×%3×%4 = %5 个权重。单击一个即可跟随它；方向键逐个切换。</translation>
    </message>
    <message>
        <source>This image has %1 patches, so at most %2 directions to fit: filters %2 to %3 only complete W (their outputs are 0). Lower embed_dim or the patch size to see only fitted filters.</source>
        <translation>这张图像有 %1 个图像块，所以最多拟合 %2 个方向：滤波器 %2 到 %3 只是把 W 补全（它们的输出为 0）。降低嵌入维度或图像块大小，就只会看到拟合出的滤波器。</translation>
    </message>
    <message>
        <source>Drawing %1 filters…</source>
        <translation>正在绘制 %1 个滤波器…</translation>
    </message>
    <message>
        <source>Finding the filters&apos; principal components…</source>
        <translation>正在求滤波器的主成分…</translation>
    </message>
    <message>
        <source>The main directions the %1 filters vary along.</source>
        <translation>%1 个滤波器变化的主要方向。</translation>
    </message>
    <message>
        <source>Red, green and blue are the weights on the patch&apos;s three colour channels.</source>
        <translation>红、绿、蓝是图像块三个颜色通道上的权重。</translation>
    </message>
    <message>
        <source>Grey: one channel (luminance).</source>
        <translation>灰色：单通道（亮度）。</translation>
    </message>
    <message>
        <source>The %1 channels are shown side by side in grey.</source>
        <translation>%1 个通道以灰度并排显示。</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;What is a filter?&lt;/b&gt; Row d of W, reshaped to %1×%2×%3 (C×P×Q), is filter d. Output d of a patch is the dot product of the patch&apos;s %4 numbers with filter d: the convolution&apos;s kernel d. Bright where the filter adds the pixel, dark where it subtracts it. %5&lt;/p&gt;&lt;p&gt;Random filters look like noise. The filters of a PCA projection (Init: PCA of the image&apos;s patches, &lt;tt&gt;--init pca-patches&lt;/tt&gt;) look like the smooth colour blobs and gradients that trained ViTs learn (Dosovitskiy et al., “An Image is Worth 16x16 Words”, ICLR 2021, figure 7).&lt;/p&gt;&lt;p&gt;Filters on their own range show every pattern; the shared scale (0 mid-grey) shows which filters are strong. Sorted by norm, the strongest come first.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Filter PCs&lt;/b&gt; are the main directions the %6 filters vary along, largest first; the share under each says how much of the filters&apos; variety it explains. The filters of a PCA projection are orthonormal, so no direction stands out among them: every PC explains the same share.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;什么是滤波器？&lt;/b&gt;W 的第 d 行，重排成 %1×%2×%3（C×P×Q），就是滤波器 d。一个图像块的输出 d，是该图像块的 %4 个数与滤波器 d 的点积：也就是卷积的第 d 个卷积核。滤波器给像素加权为正处显亮，减去像素处显暗。%5&lt;/p&gt;&lt;p&gt;随机滤波器看起来像噪声。PCA 投影的滤波器（初始化：本图图像块的 PCA，&lt;tt&gt;--init pca-patches&lt;/tt&gt;）看起来像平滑的色块和渐变，正是训练过的 ViT 学到的样子（Dosovitskiy 等，“An Image is Worth 16x16 Words”，ICLR 2021，图 7）。&lt;/p&gt;&lt;p&gt;各自范围的滤波器能显示每种图案；统一色标（0 为中灰）能显示哪些滤波器强。按范数排序时，最强的排在前面。&lt;/p&gt;&lt;p&gt;&lt;b&gt;滤波器主成分&lt;/b&gt;是 %6 个滤波器变化的主要方向，从大到小；每个下方的占比说明它解释了滤波器之间多少差异。PCA 投影的滤波器彼此正交且归一，所以没有哪个方向突出：每个主成分解释的占比都相同。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>filter %1
norm %2
min %3, max %4</source>
        <translation>滤波器 %1
范数 %2
最小 %3，最大 %4</translation>
    </message>
    <message>
        <source>One filter has no spread: the filter PCs need at least two.</source>
        <translation>有一个滤波器没有离散度：滤波器主成分至少需要两个。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>component %1 of the filters
explains %2 of their variance
%3 together with those before it</source>
        <translation>滤波器的第 %1 主成分
解释其方差的 %2
与之前的合计 %3</translation>
    </message>
    <message>
        <source>The first %1 principal components of the %2 filters, largest first, each drawn like a filter (0 mid-grey). Together they explain %3 of how the filters differ.</source>
        <translation>%2 个滤波器的前 %1 个主成分，从大到小，每个都像滤波器一样画出（0 为中灰）。它们合计解释了滤波器之间差异的 %3。</translation>
    </message>
</context>
<context>
    <name>tessera::ui::FlexiVitView</name>
    <message>
        <source>&lt;b&gt;FlexiViT: resizing a trained kernel&lt;/b&gt;</source>
        <translation>&lt;b&gt;FlexiViT：缩放训练好的卷积核&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Open an image to start.</source>
        <translation>打开一张图像即可开始。</translation>
    </message>
    <message>
        <source>A model trained with one patch size can be used with another: FlexiViT resizes its kernel with a pseudo-inverse (PI-resize) so that every token stays the same. To see it: load a checkpoint (Weights: from file), turn on “PI-resize kernel to the patch size (FlexiViT)” and choose another patch size, for example 8 or 24 for a 16×16 checkpoint.</source>
        <translation>用一种图像块大小训练的模型也能用于另一种：FlexiViT 用伪逆缩放卷积核（PI 缩放），使每个词元保持不变。要看效果：加载一个检查点（权重：来自文件），打开“把卷积核 PI 缩放到图像块大小（FlexiViT）”，再选另一种图像块大小，比如 16×16 的检查点选 8 或 24。</translation>
    </message>
    <message>
        <source>The checkpoint&apos;s patches are %1, and so are the run&apos;s: nothing was resized.</source>
        <translation>检查点的图像块是 %1，本次运行的也是：没有缩放。</translation>
    </message>
    <message>
        <source>&lt;b&gt;FlexiViT: the checkpoint&apos;s %1 kernel used with %2 patches&lt;/b&gt; (filter d = %3, patch %4; grey is 0, one scale ±%5 for all three)</source>
        <translation>&lt;b&gt;FlexiViT：检查点的 %1 卷积核用于 %2 的图像块&lt;/b&gt;（滤波器 d = %3，图像块 %4；灰色为 0，三者共用一个色标 ±%5）</translation>
    </message>
    <message>
        <source>original, %1
(from the file)</source>
        <translation>原始，%1
（来自文件）</translation>
    </message>
    <message>
        <source>PI-resized, %1
(what the run uses)</source>
        <translation>PI 缩放，%1
（本次运行所用）</translation>
    </message>
    <message>
        <source>bilinear, %1
(plain resize, not used)</source>
        <translation>双线性，%1
（普通缩放，未使用）</translation>
    </message>
    <message>
        <source>Take patch %1 as the checkpoint would have seen it: resized to %2 with the same antialiased bicubic resampler timm uses (call it x). With the file&apos;s filter %3, ⟨x, w_old⟩ = &lt;b&gt;%4&lt;/b&gt;. Resize x to the run&apos;s %5 (R·x) and use the PI-resized filter: ⟨R·x, w_new⟩ = &lt;b&gt;%6&lt;/b&gt;.</source>
        <translation>把图像块 %1 按检查点当初看到的样子取出：用 timm 所用的同一个抗锯齿双三次重采样缩放到 %2（记为 x）。用文件中的滤波器 %3，⟨x, w_old⟩ = &lt;b&gt;%4&lt;/b&gt;。把 x 缩放到本次运行的 %5（R·x），再用 PI 缩放后的滤波器：⟨R·x, w_new⟩ = &lt;b&gt;%6&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>The same token, to float rounding (they differ by %1): PI-resize solves for the kernel that keeps ⟨R·x, w_new⟩ = ⟨x, w_old⟩ for every patch, w_new = pinv(R)ᵀ·w_old. Its weights are about %2× smaller (fainter above) because they now cover %3× as many pixels.</source>
        <translation>在浮点舍入范围内是同一个词元（相差 %1）：PI 缩放求解的卷积核对每个图像块都保持 ⟨R·x, w_new⟩ = ⟨x, w_old⟩，即 w_new = pinv(R)ᵀ·w_old。它的权重约小 %2 倍（上图更淡），因为它们现在覆盖 %3 倍的像素。</translation>
    </message>
    <message>
        <source>Going down to a smaller patch loses detail, so no kernel can keep every token: PI-resize keeps them as well as possible on average (least squares, w_new = pinv(R)ᵀ·w_old). Here they differ by %1.</source>
        <translation>缩小到更小的图像块会丢失细节，所以没有卷积核能保持每个词元不变：PI 缩放在平均意义上尽量保持（最小二乘，w_new = pinv(R)ᵀ·w_old）。这里相差 %1。</translation>
    </message>
    <message>
        <source>A plain bilinear resize of the filter gives ⟨R·x, bilinear(w_old)⟩ = &lt;b&gt;%1&lt;/b&gt;, %2× the original: its weights keep their size but now cover %3× as many pixels, so the token changes and the layers after the patch embedding would see other numbers.</source>
        <translation>对滤波器做普通双线性缩放得到 ⟨R·x, bilinear(w_old)⟩ = &lt;b&gt;%1&lt;/b&gt;，是原值的 %2 倍：它的权重大小不变，却覆盖了 %3 倍的像素，所以词元变了，图像块嵌入之后的各层会看到不同的数。</translation>
    </message>
    <message>
        <source>A plain bilinear resize of the filter gives ⟨R·x, bilinear(w_old)⟩ = &lt;b&gt;%1&lt;/b&gt;, %2× the original: its weights keep their size but now cover only %3 of the pixels, so the token changes and the layers after the patch embedding would see other numbers.</source>
        <translation>对滤波器做普通双线性缩放得到 ⟨R·x, bilinear(w_old)⟩ = &lt;b&gt;%1&lt;/b&gt;，是原值的 %2 倍：它的权重大小不变，却只覆盖 %3 的像素，所以词元变了，图像块嵌入之后的各层会看到不同的数。</translation>
    </message>
    <message>
        <source>(The bias b_d is left out: it is added to each side alike.)</source>
        <translation>（偏置 b_d 未计入：两边都同样加上它。）</translation>
    </message>
</context>
<context>
    <name>tessera::ui::ImageView</name>
    <message>
        <source>The image the model sees. Wheel: zoom; drag: pan; click: select a patch.</source>
        <translation>模型看到的图像。滚轮：缩放；拖动：平移；单击：选中图像块。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>patch %1 (row %2, col %3)
pixels y %4–%5, x %6–%7 of the %8×%9 input
norm %10</source>
        <translation>图像块 %1（第 %2 行，第 %3 列）
像素 y %4–%5，x %6–%7，输入为 %8×%9
范数 %10</translation>
    </message>
    <message>
        <source>
(partly zero padding)</source>
        <translation>
（部分为补零）</translation>
    </message>
    <message>
        <source>
%1: %2</source>
        <translation>
%1：%2</translation>
    </message>
    <message>
        <source>Grid not drawn: a patch is %1 pixels on screen at this zoom. Zoom in to see it.</source>
        <translation>网格未绘制：在当前缩放下，一个图像块在屏幕上只有 %1 像素。放大即可看到网格。</translation>
    </message>
</context>
<context>
    <name>tessera::ui::MainWindow</name>
    <message>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制面板</translation>
    </message>
    <message>
        <source>Norms</source>
        <translation>范数</translation>
    </message>
    <message>
        <source>Weights file not used: %1</source>
        <translation>未使用权重文件：%1</translation>
    </message>
    <message>
        <source>%1 — Tessera</source>
        <translation>%1 — Tessera</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>未能打开：%1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>示例(&amp;S)</translation>
    </message>
    <message>
        <source>Chelsea the cat</source>
        <translation>小猫 Chelsea</translation>
    </message>
    <message>
        <source>Astronaut (Eileen Collins)</source>
        <translation>宇航员（Eileen Collins）</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>实际大小 (1:1)(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Overlays</source>
        <translation>叠加层</translation>
    </message>
    <message>
        <source>&amp;Grid</source>
        <translation>网格(&amp;G)</translation>
    </message>
    <message>
        <source>Patch grid lines</source>
        <translation>图像块网格线</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>标签(&amp;L)</translation>
    </message>
    <message>
        <source>Patch index labels, when patches are big enough on screen</source>
        <translation>图像块序号标签（图像块在屏幕上足够大时显示）</translation>
    </message>
    <message>
        <source>&amp;Crop and Padding</source>
        <translation>裁剪与填充(&amp;C)</translation>
    </message>
    <message>
        <source>Cropped-away area dimmed, zero-padded area hatched</source>
        <translation>裁掉的区域变暗，补零的区域加阴影线</translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation>热图(&amp;M)</translation>
    </message>
    <message>
        <source>A map over the patches with its legend: norm, a filter&apos;s response, similarity or PCA colours (chosen in the Map toolbar)</source>
        <translation>图像块上的一张热图及其图例：范数、某个滤波器的响应、相似度或 PCA 着色（在“热图”工具栏中选择）</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Grid opacity</source>
        <translation>网格不透明度</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Walkthrough</source>
        <translation>分步讲解(&amp;W)</translation>
    </message>
    <message>
        <source>Patch embedding step by step, with this image&apos;s numbers</source>
        <translation>一步一步看图像块嵌入，用的是这张图像的数</translation>
    </message>
    <message>
        <source>&amp;About Tessera</source>
        <translation>关于 Tessera(&amp;A)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running computation (Esc)</source>
        <translation>停止正在进行的计算（Esc）</translation>
    </message>
    <message>
        <source>%1 · grid %2×%3 = %4 patches · D %5 · %6 ms · %7 GFLOP/s · %8 threads · %9 GEMM</source>
        <translation>%1 · 网格 %2×%3 = %4 个图像块 · D %5 · %6 ms · %7 GFLOP/s · %8 个线程 · %9 GEMM</translation>
    </message>
    <message>
        <source>Showing the result for %1 (patch %2, grid %3 × %4, D %5).</source>
        <translation>显示的是 %1 的结果（图像块 %2，网格 %3 × %4，D %5）。</translation>
    </message>
    <message>
        <source>The current settings give: %1</source>
        <translation>当前设置得到：%1</translation>
    </message>
    <message>
        <source>The run for the current settings was cancelled.</source>
        <translation>当前设置的运行已取消。</translation>
    </message>
    <message>
        <source>Computing the current settings…</source>
        <translation>正在按当前设置计算…</translation>
    </message>
    <message>
        <source>patch %1 · row %2, col %3 · pixels y %4–%5, x %6–%7 · norm %8</source>
        <translation>图像块 %1 · 第 %2 行，第 %3 列 · 像素 y %4–%5，x %6–%7 · 范数 %8</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Nothing to export yet: the result is still being computed.</source>
        <translation>还没有可导出的内容：结果仍在计算中。</translation>
    </message>
    <message>
        <source>Export the shown result?</source>
        <translation>导出显示的结果？</translation>
    </message>
    <message>
        <source>Export the result on screen, with the settings it was computed from in its manifest?</source>
        <translation>导出屏幕上的结果，并在清单中写入计算它所用的设置？</translation>
    </message>
    <message>
        <source>Bundle: embeddings, pictures, projector (*.zip)</source>
        <translation>打包：嵌入、图片、TensorBoard 投影器数据 (*.zip)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Bundle: embeddings, pictures, projector (*.zip);;NumPy array (*.npy);;NumPy archive (*.npz);;safetensors (*.safetensors);;CSV (*.csv)</source>
        <translation>打包：嵌入、图片、TensorBoard 投影器数据 (*.zip);;NumPy 数组 (*.npy);;NumPy 归档 (*.npz);;safetensors (*.safetensors);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Nothing to export yet.</source>
        <translation>还没有可导出的内容。</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <source>Export failed.</source>
        <translation>导出失败。</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Exported the shown result (for %1, not the current settings) to %2</source>
        <translation>已把显示的结果（%1 的，而不是当前设置的）导出到 %2</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>About Tessera</source>
        <translation>关于 Tessera</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tessera %1&lt;/h3&gt;&lt;p&gt;What a Vision Transformer&apos;s patch embedding (timm&apos;s PatchEmbed) does to an image, computed exactly.&lt;/p&gt;&lt;p&gt;Sample images, from scikit-image&apos;s bundled data:&lt;br&gt;&lt;i&gt;chelsea.png&lt;/i&gt; — &quot;Chelsea the cat&quot;, CC0, by Stefan van der Walt.&lt;br&gt;&lt;i&gt;astronaut.png&lt;/i&gt; — Eileen Collins, NASA Great Images database; public domain.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tessera %1&lt;/h3&gt;&lt;p&gt;视觉 Transformer 的图像块嵌入（timm 的 PatchEmbed）对一张图像做了什么，精确计算。&lt;/p&gt;&lt;p&gt;示例图像，来自 scikit-image 自带的数据：&lt;br&gt;&lt;i&gt;chelsea.png&lt;/i&gt; — “Chelsea the cat”，CC0，作者 Stefan van der Walt。&lt;br&gt;&lt;i&gt;astronaut.png&lt;/i&gt; — Eileen Collins，NASA Great Images 数据库；公有领域。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>dropped image</source>
        <translation>拖入的图像</translation>
    </message>
    <message>
        <source>The weights file %1 used last time is gone; using random weights with the default patch embedding.</source>
        <translation>上次使用的权重文件 %1 已不存在；改用随机权重和默认的图像块嵌入。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Tessera will use this language the next time it starts.</source>
        <translation>Tessera 下次启动时将使用这种语言。</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器</translation>
    </message>
    <message>
        <source>Matrix</source>
        <translation>矩阵</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>FlexiViT</source>
        <translation>FlexiViT</translation>
    </message>
    <message>
        <source>Walkthrough</source>
        <translation>分步讲解</translation>
    </message>
    <message>
        <source>Not computed: %1</source>
        <translation>未能计算：%1</translation>
    </message>
    <message>
        <source>La&amp;nguage</source>
        <translation>语言(&amp;N)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Map o&amp;ver the Image</source>
        <translation>图像上的热图(&amp;V)</translation>
    </message>
    <message>
        <source>The time is the patch embedding alone: the product of the %1 patches with the %2 × %3 weight matrix (D × K), plus bias and norms; opening and preprocessing the image are not in it. GFLOP/s: 2 · N · K · D operations over that time. The GEMM (the matrix product) ran on %4: &apos;xsmm&apos; is libxsmm&apos;s code made for this CPU, &apos;eigen&apos; the portable one.</source>
        <translation>时间只算图像块嵌入本身：%1 个图像块与 %2 × %3 的权重矩阵（D × K）相乘，再加偏置和范数；打开和预处理图像不算在内。GFLOP/s：2 · N · K · D 次运算除以这段时间。GEMM（矩阵乘法）用的是 %4：“xsmm”是 libxsmm 为这台 CPU 生成的代码，“eigen”是通用的实现。</translation>
    </message>
</context>
<context>
    <name>tessera::ui::MapBar</name>
    <message>
        <source>Map</source>
        <translation>热图</translation>
    </message>
    <message>
        <source>What the colours over the patches show (View ▸ Map, H, turns it on and off)</source>
        <translation>图像块上的颜色表示什么（视图 ▸ 热图，或按 H，可开关）</translation>
    </message>
    <message>
        <source> Opacity </source>
        <translation> 不透明度 </translation>
    </message>
    <message>
        <source>Opacity of the map, whichever it is</source>
        <translation>热图的不透明度，无论哪种热图</translation>
    </message>
    <message>
        <source>Outline </source>
        <translation>勾出 </translation>
    </message>
    <message>
        <source> most similar</source>
        <translation> 个最相似的</translation>
    </message>
    <message>
        <source>How many of the most similar patches are outlined</source>
        <translation>勾出多少个最相似的图像块</translation>
    </message>
    <message>
        <source>Components </source>
        <translation>主成分 </translation>
    </message>
    <message>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>蓝</translation>
    </message>
    <message>
        <source>PC</source>
        <translation>PC</translation>
    </message>
    <message>
        <source>The principal component shown in %1 (PC1 explains the most variance)</source>
        <translation>用%1色显示的主成分（PC1 解释的方差最多）</translation>
    </message>
    <message>
        <source>Fit on norm ≥</source>
        <translation>拟合范数 ≥</translation>
    </message>
    <message>
        <source>Fit the PCA only on patches whose embedding norm reaches this value (the foreground, as in DINO&apos;s pictures); the others are left clear</source>
        <translation>只在嵌入范数达到此值的图像块上拟合 PCA（前景，如 DINO 的图示）；其余留空</translation>
    </message>
</context>
<context>
    <name>tessera::ui::MatrixView</name>
    <message>
        <source>columns of %1</source>
        <translation>%1 的列</translation>
    </message>
</context>
<context>
    <name>tessera::ui::NormChart</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 到 %2</translation>
    </message>
    <message>
        <source>L2 norm per patch</source>
        <translation>每个图像块的 L2 范数</translation>
    </message>
    <message>
        <source>patch index</source>
        <translation>图像块序号</translation>
    </message>
    <message>
        <source>norm</source>
        <translation>范数</translation>
    </message>
    <message>
        <source>Each patch&apos;s embedding norm; click to select that patch.</source>
        <translation>每个图像块嵌入的范数；单击选中该图像块。</translation>
    </message>
    <message>
        <source>Histogram of norms</source>
        <translation>范数直方图</translation>
    </message>
    <message>
        <source>patches</source>
        <translation>图像块数</translation>
    </message>
    <message>
        <source>How the norms are distributed; click a bar to select its patches.</source>
        <translation>范数的分布；单击柱子选中其中的图像块。</translation>
    </message>
    <message>
        <source>no norm is finite</source>
        <translation>没有有限的范数</translation>
    </message>
    <message>
        <source>all at %1</source>
        <translation>全部为 %1</translation>
    </message>
    <message>
        <source>one value to float precision</source>
        <translation>在浮点精度内只有一个值</translation>
    </message>
    <message>
        <source>not shown: %1 NaN, %2 ±inf</source>
        <translation>未显示：%1 个 NaN，%2 个 ±inf</translation>
    </message>
    <message>
        <source>LayerNorm makes every norm ≈ √D = %1</source>
        <translation>LayerNorm 使每个范数 ≈ √D = %1</translation>
    </message>
    <message>
        <source>selected bar: %1 of %2 patches</source>
        <translation>选中的柱：%2 个图像块中的 %1 个</translation>
    </message>
    <message>
        <source>selected: %1 of %2 patches</source>
        <translation>已选中：%2 个图像块中的 %1 个</translation>
    </message>
    <message>
        <source>patch %1 (row %2, col %3)
norm %4</source>
        <translation>图像块 %1（第 %2 行，第 %3 列）
范数 %4</translation>
    </message>
    <message>
        <source>%1
%2 of %3 patches
click to select them</source>
        <translation>%1
%3 个图像块中的 %2 个
单击选中它们</translation>
    </message>
    <message>
        <source>%1
no patches</source>
        <translation>%1
没有图像块</translation>
    </message>
</context>
<context>
    <name>tessera::ui::PatchInspector</name>
    <message>
        <source>1 · The pixels</source>
        <translation>1 · 像素</translation>
    </message>
    <message>
        <source>2 · Flattened: the vector x</source>
        <translation>2 · 展平：向量 x</translation>
    </message>
    <message>
        <source>3 · The weights W</source>
        <translation>3 · 权重 W</translation>
    </message>
    <message>
        <source>4 · The embedding y</source>
        <translation>4 · 嵌入 y</translation>
    </message>
    <message>
        <source>No result yet. Open an image: the inspector then follows the patch you click.</source>
        <translation>还没有结果。打开一张图像：检查器随后会跟随你单击的图像块。</translation>
    </message>
    <message>
        <source>Click a patch in the image to look inside it: its pixels, the numbers they become, and how they turn into its embedding.</source>
        <translation>单击图像中的一个图像块，看看它的内部：它的像素、像素变成的数，以及这些数如何变成它的嵌入。</translation>
    </message>
    <message>
        <source>Patch %1 · row %2, column %3</source>
        <translation>图像块 %1 · 第 %2 行，第 %3 列</translation>
    </message>
    <message>
        <source>Patch %1 (row %2, column %3 of the %4 × %5 grid) is %6×%7 pixels × %8 = %9 numbers.</source>
        <translation>图像块 %1（%4 × %5 网格的第 %2 行，第 %3 列）是 %6×%7 像素 × %8 = %9 个数。</translation>
    </message>
    <message>
        <source>1 channel</source>
        <translation>1 个通道</translation>
    </message>
    <message>
        <source>%1 channels</source>
        <translation>%1 个通道</translation>
    </message>
    <message>
        <source>%1 of its %2 pixel positions lie beyond the image, in the zero padding (hatched): they count as 0 after normalisation.</source>
        <translation>它的 %2 个像素位置中有 %1 个超出图像，落在补零区（阴影线）：归一化后它们按 0 计。</translation>
    </message>
    <message>
        <source>The layer turns them into %1 numbers, its embedding.</source>
        <translation>这一层把它们变成 %1 个数，即它的嵌入。</translation>
    </message>
    <message>
        <source>%1: (v/255 − %2) / %3</source>
        <translation>%1：(v/255 − %2) / %3</translation>
    </message>
    <message>
        <source>Each 8-bit value v is scaled to 0–1, then centred and scaled per channel with the dataset&apos;s mean and std: %1.</source>
        <translation>每个 8 位值 v 先缩放到 0–1，再按通道用数据集的均值和标准差做中心化和缩放：%1。</translation>
    </message>
    <message>
        <source>The %1 values are read channel by channel, each channel row by row, each row left to right: value k holds channel c, row p, column q with k = c·%2 + p·%3 + q. This is timm&apos;s (C, P, Q) order.</source>
        <translation>这 %1 个值按通道依次读取，每个通道逐行、每行从左到右：第 k 个值对应通道 c、行 p、列 q，k = c·%2 + p·%3 + q。这就是 timm 的 (C, P, Q) 顺序。</translation>
    </message>
    <message>
        <source>W has %1 rows (one per output) and %2 columns (one per value of x, in the same order as the strip above). Row d is filter d: output d is that row times x, plus bias b_d. Blue is negative, red positive; colours saturate at ±%3 (99% of the weights lie within, the largest is %4).</source>
        <translation>W 有 %1 行（每个输出一行）和 %2 列（x 的每个值一列，顺序与上面的条带相同）。第 d 行就是滤波器 d：输出 d 等于这一行乘以 x，再加偏置 b_d。蓝色为负，红色为正；颜色在 ±%3 处饱和（99% 的权重在此范围内，最大为 %4）。</translation>
    </message>
    <message>
        <source>One number per output d: this is row %1 of the %2 × %3 result (one row per patch, counted from 0). Bars up are positive, down negative; hover one to see how it is made.</source>
        <translation>每个输出 d 一个数：这是 %2 × %3 结果的第 %1 行（每个图像块一行，从 0 计数）。柱子向上为正，向下为负；悬停查看它是如何算出的。</translation>
    </message>
    <message>
        <source>W·x + b, before LayerNorm</source>
        <translation>W·x + b，LayerNorm 之前</translation>
    </message>
    <message>
        <source>y after LayerNorm: the result</source>
        <translation>LayerNorm 之后的 y：结果</translation>
    </message>
    <message>
        <source>y = W·x + b: the result</source>
        <translation>y = W·x + b：结果</translation>
    </message>
    <message>
        <source>%1, row %2, column %3</source>
        <translation>%1，第 %2 行，第 %3 列</translation>
    </message>
    <message>
        <source>5 · Output %1 written out</source>
        <translation>5 · 输出 %1 的展开计算</translation>
    </message>
    <message>
        <source>Row %1 of W, in the order of x:</source>
        <translation>W 的第 %1 行，按 x 的顺序：</translation>
    </message>
    <message>
        <source>Times x, value by value: the %1 terms W[%2,k]·x&lt;sub&gt;k&lt;/sub&gt;. A term is large where both are; the pointers mark the largest.</source>
        <translation>逐个值乘以 x：%1 个项 W[%2,k]·x&lt;sub&gt;k&lt;/sub&gt;。两者都大时该项才大；指针标出最大的几项。</translation>
    </message>
    <message>
        <source>%1 = Σ&lt;sub&gt;k&lt;/sub&gt; W[%2,k]·x&lt;sub&gt;k&lt;/sub&gt; + b&lt;sub&gt;%2&lt;/sub&gt;: %3 products, added up, plus the bias.</source>
        <translation>%1 = Σ&lt;sub&gt;k&lt;/sub&gt; W[%2,k]·x&lt;sub&gt;k&lt;/sub&gt; + b&lt;sub&gt;%2&lt;/sub&gt;：%3 个乘积相加，再加上偏置。</translation>
    </message>
    <message>
        <source>= %1 (this layer has no bias) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>= %1（这一层没有偏置）= &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>= %1 + %2 = &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>= %1 + %2 = &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Its largest terms, k read as (channel, row, column):</source>
        <translation>最大的几项，k 读作（通道，行，列）：</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>(c, p, q)</source>
        <translation>(c, p, q)</translation>
    </message>
    <message>
        <source>term</source>
        <translation>项</translation>
    </message>
    <message>
        <source>The other %1 terms add up to %2.</source>
        <translation>其余 %1 项之和为 %2。</translation>
    </message>
    <message>
        <source>LayerNorm then rescales all %1 sums of this patch to mean 0 and variance 1 (then its gain and shift): before LayerNorm %2, after LayerNorm &lt;b&gt;%3&lt;/b&gt;.</source>
        <translation>然后 LayerNorm 把这个图像块的全部 %1 个和重新缩放为均值 0、方差 1（再乘增益、加偏移）：LayerNorm 之前 %2，之后 &lt;b&gt;%3&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>The Conv2d output at this patch&apos;s cell, conv_out[%1, %2, %3], is the sum above, before LayerNorm. The result stores that output after LayerNorm at [%4, %1] of the N×D matrix: &lt;b&gt;%5&lt;/b&gt;. Difference from this page&apos;s LayerNorm of the sums: %6 (float rounding: the layer adds in float, this page in double).</source>
        <translation>Conv2d 在这个图像块所在格子的输出 conv_out[%1, %2, %3] 就是上面的和（LayerNorm 之前）。结果把 LayerNorm 之后的输出存放在 N×D 矩阵的 [%4, %1]：&lt;b&gt;%5&lt;/b&gt;。与本页对这些和做 LayerNorm 的差：%6（浮点舍入：该层用 float 累加，本页用 double）。</translation>
    </message>
    <message>
        <source>The Conv2d output holds the same number: channel %1 at this patch&apos;s cell, conv_out[%1, %2, %3], stored at [%4, %1] of the N×D result, is &lt;b&gt;%5&lt;/b&gt; (the Filter response map shows channel %1 at every patch). Difference from the sum above: %6 (float rounding: the layer adds in float, this page in double). A Conv2d with stride = kernel = patch is this matrix product.</source>
        <translation>Conv2d 的输出是同一个数：通道 %1 在这个图像块所在格子的值 conv_out[%1, %2, %3]，存放在 N×D 结果的 [%4, %1]，为 &lt;b&gt;%5&lt;/b&gt;（“滤波器响应”热图显示每个图像块的通道 %1）。与上面的和相差：%6（浮点舍入：该层用 float 累加，本页用 double）。步长 = 卷积核 = 图像块的 Conv2d 就是这个矩阵乘法。</translation>
    </message>
    <message>
        <source>Output %1: W·x + b = %2; after LayerNorm %3.</source>
        <translation>输出 %1：W·x + b = %2；LayerNorm 之后 %3。</translation>
    </message>
    <message>
        <source>Output %1: y = %2.</source>
        <translation>输出 %1：y = %2。</translation>
    </message>
    <message>
        <source>Hover a pixel to read its value and where it goes in x.</source>
        <translation>悬停在像素上，读取它的值以及它在 x 中的位置。</translation>
    </message>
    <message>
        <source>Hover the strip: each value&apos;s k, channel, row and column.</source>
        <translation>悬停在条带上：每个值的 k、通道、行和列。</translation>
    </message>
    <message>
        <source>Hover a strip to read one term.</source>
        <translation>悬停在条带上读取一项。</translation>
    </message>
    <message>
        <source>%1: padding, no pixel — x&lt;sub&gt;%2&lt;/sub&gt; = 0.</source>
        <translation>%1：填充，没有像素 — x&lt;sub&gt;%2&lt;/sub&gt; = 0。</translation>
    </message>
    <message>
        <source>%1: raw %2 → (%2/255 − %3) / %4 = %5 = x&lt;sub&gt;%6&lt;/sub&gt;.</source>
        <translation>%1：原始值 %2 → (%2/255 − %3) / %4 = %5 = x&lt;sub&gt;%6&lt;/sub&gt;。</translation>
    </message>
    <message>
        <source>x&lt;sub&gt;%1&lt;/sub&gt; = %2 — %3: k = %4·%5 + %6·%7 + %8.</source>
        <translation>x&lt;sub&gt;%1&lt;/sub&gt; = %2 — %3：k = %4·%5 + %6·%7 + %8。</translation>
    </message>
    <message>
        <source>k %1 (%2): W[%3,%1]·x&lt;sub&gt;%1&lt;/sub&gt; = %4 × %5 = %6.</source>
        <translation>k %1 (%2)：W[%3,%1]·x&lt;sub&gt;%1&lt;/sub&gt; = %4 × %5 = %6。</translation>
    </message>
    <message>
        <source>Marked: row %1. Hover or click a row (or a bar below) to pick another output; the arrow keys step one by one.</source>
        <translation>已标出：第 %1 行。悬停或单击一行（或下方的一根柱子）选择另一个输出；方向键逐个切换。</translation>
    </message>
    <message>
        <source>Row %1 of W: filter %1, %2 weights.</source>
        <translation>W 的第 %1 行：滤波器 %1，%2 个权重。</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>L</source>
        <comment>luminance</comment>
        <translation>L</translation>
    </message>
</context>
<context>
    <name>tessera::ui::PatchMaps</name>
    <message>
        <source>Norm</source>
        <translation>范数</translation>
    </message>
    <message>
        <source>Filter response</source>
        <translation>滤波器响应</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>PCA colours</source>
        <translation>PCA 着色</translation>
    </message>
    <message>
        <source>PCA needs at least 2 patches with norm ≥ %1; %2 have it</source>
        <translation>PCA 至少需要 2 个范数 ≥ %1 的图像块；现在只有 %2 个</translation>
    </message>
    <message>
        <source>PC%1: %2 %</source>
        <translation>PC%1：%2 %</translation>
    </message>
    <message>
        <source>PCA colours: three principal components of the embeddings as red, green and blue</source>
        <translation>PCA 着色：嵌入的三个主成分，分别作为红、绿、蓝</translation>
    </message>
    <message>
        <source>Fitted on the %1 of %2 patches with norm ≥ %3; the others are left clear.</source>
        <translation>在 %2 个图像块中范数 ≥ %3 的 %1 个上拟合；其余留空。</translation>
    </message>
    <message>
        <source>Fitted on all %1 patches. Patches with similar colours have similar embeddings.</source>
        <translation>在全部 %1 个图像块上拟合。颜色相近的图像块，嵌入也相近。</translation>
    </message>
    <message>
        <source>%: the share of the embeddings&apos; variance a component explains.</source>
        <translation>%：该主成分解释的嵌入方差占比。</translation>
    </message>
    <message>
        <source>Norm of each patch&apos;s embedding, ‖y‖</source>
        <translation>每个图像块嵌入的范数 ‖y‖</translation>
    </message>
    <message>
        <source>LayerNorm makes every norm ≈ √D = %1: these colours show only what its eps leaves.</source>
        <translation>LayerNorm 使每个范数 ≈ √D = %1：这些颜色只反映它的 eps 留下的差别。</translation>
    </message>
    <message>
        <source>Pick a filter: click one in the Filters view, or an output in the Patch inspector.</source>
        <translation>选择一个滤波器：在“滤波器”视图中单击一个，或在“图像块检查器”中单击一个输出。</translation>
    </message>
    <message>
        <source>Filter %1&apos;s response: output %1 at every patch</source>
        <translation>滤波器 %1 的响应：每个图像块的输出 %1</translation>
    </message>
    <message>
        <source>output %1</source>
        <translation>输出 %1</translation>
    </message>
    <message>
        <source>This is channel %1 of the Conv2d output: filter %1 slid over the image, one step per patch.</source>
        <translation>这是 Conv2d 输出的通道 %1：滤波器 %1 在图像上滑动，每步移动一个图像块。</translation>
    </message>
    <message>
        <source>Click a patch to compare every patch with it.</source>
        <translation>单击一个图像块，把每个图像块与它比较。</translation>
    </message>
    <message>
        <source>Cosine similarity of each patch to patch %1</source>
        <translation>每个图像块与图像块 %1 的余弦相似度</translation>
    </message>
    <message>
        <source>similarity to patch %1</source>
        <translation>与图像块 %1 的相似度</translation>
    </message>
    <message>
        <source>Outlined: the %1 most similar (k = %1). Patch %2 has similarity 1 with itself.</source>
        <translation>勾出：最相似的 %1 个（k = %1）。图像块 %2 与自身的相似度为 1。</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
</context>
<context>
    <name>tessera::ui::PixelTiles</name>
    <message>
        <source>As stored (0–255), and normalised: x</source>
        <translation>存储值（0–255）和归一化后的值：x</translation>
    </message>
    <message>
        <source>Pixels as stored: 0–255</source>
        <translation>存储的像素：0–255</translation>
    </message>
    <message>
        <source>After normalisation: the values x</source>
        <translation>归一化之后：值 x</translation>
    </message>
    <message>
        <source>patch</source>
        <translation>图像块</translation>
    </message>
    <message>
        <source>%1, normalised</source>
        <translation>%1，归一化后</translation>
    </message>
</context>
<context>
    <name>tessera::ui::PositionsView</name>
    <message>
        <source>Click a small map to select its patch and draw its map large.</source>
        <translation>单击一张小图，选中它的图像块并放大显示它的图。</translation>
    </message>
    <message>
        <source>Showing an evenly spaced %1 × %2 of the %3 × %4 positions (each small map shows the same subset).</source>
        <translation>显示 %3 × %4 个位置中均匀间隔的 %1 × %2 个（每张小图显示同样的子集）。</translation>
    </message>
    <message>
        <source>No result yet: open an image to see its position embeddings.</source>
        <translation>还没有结果：打开一张图像即可看到它的位置编码。</translation>
    </message>
    <message>
        <source>Each small map is one patch position: how alike its position embedding is to every other position&apos;s (cosine similarity), drawn where that patch lies in the %1 × %2 grid. In a trained ViT nearby positions look alike: that is how the model can tell where a patch was. Noise here means the table was never trained.</source>
        <translation>每张小图对应一个图像块位置：它的位置编码与其他每个位置的位置编码有多相似（余弦相似度），画在该图像块在 %1 × %2 网格中的位置上。在训练过的 ViT 中，相邻位置彼此相似：模型正是这样知道图像块原来在哪里。这里若是噪声，说明这张表从未训练过。</translation>
    </message>
    <message>
        <source>position of patch %1 (row %2, col %3)</source>
        <translation>图像块 %1 的位置（第 %2 行，第 %3 列）</translation>
    </message>
    <message>
        <source>: similarity to patch %1&apos;s %2</source>
        <translation>：与图像块 %1 的相似度为 %2</translation>
    </message>
    <message>
        <source>row %1, col %2: similarity %3</source>
        <translation>第 %1 行，第 %2 列：相似度 %3</translation>
    </message>
    <message>
        <source>No position embeddings to show yet.</source>
        <translation>还没有可显示的位置编码。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Patch %1 (row %2, col %3): its similarity to every position</source>
        <translation>图像块 %1（第 %2 行，第 %3 列）：与每个位置的相似度</translation>
    </message>
    <message>
        <source>Centre patch %1 (row %2, col %3): click a map to choose</source>
        <translation>中心图像块 %1（第 %2 行，第 %3 列）：单击一张图来选择</translation>
    </message>
    <message>
        <source>+1 same direction</source>
        <translation>+1 方向相同</translation>
    </message>
    <message>
        <source>0 unrelated</source>
        <translation>0 无关</translation>
    </message>
    <message>
        <source>−1 opposite</source>
        <translation>−1 方向相反</translation>
    </message>
    <message>
        <source>Cosine similarity, colours fixed to −1 … +1.</source>
        <translation>余弦相似度，颜色固定在 −1 … +1。</translation>
    </message>
</context>
<context>
    <name>tessera::ui::PresentationMode</name>
    <message>
        <source>&amp;Presentation</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen, larger text and thicker lines, for a projector (F11 again to leave)</source>
        <translation>全屏、更大的文字和更粗的线条，适合投影仪（再按 F11 退出）</translation>
    </message>
</context>
<context>
    <name>tessera::ui::SequenceSource</name>
    <message>
        <source>No class token (switched off here): the sequence is what a global-pool ViT would read; the checkpoint&apos;s own class token and its position row are left out.</source>
        <translation>无类别标记（在此关闭）：序列就是全局池化 ViT 读入的内容；检查点自己的类别标记及其位置编码行被略去。</translation>
    </message>
    <message>
        <source>No class token: this model averages the patch tokens at the end (global pool).</source>
        <translation>无类别标记：这个模型在最后对图像块词元取平均（全局池化）。</translation>
    </message>
    <message>
        <source>Class token (CLS): learned, from the checkpoint.</source>
        <translation>类别标记（CLS）：学习得到，来自检查点。</translation>
    </message>
    <message>
        <source>Class token (CLS): zeros: the checkpoint holds none.</source>
        <translation>类别标记（CLS）：全零：检查点中没有。</translation>
    </message>
    <message>
        <source>Class token (CLS): zeros: random weights have no trained class token.</source>
        <translation>类别标记（CLS）：全零：随机权重没有训练过的类别标记。</translation>
    </message>
    <message numerus="yes">
        <source>%n register token(s): from the checkpoint, with no position.</source>
        <translation>
            <numerusform>%n 个寄存器词元：来自检查点，没有位置。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n register token(s): zeros (none trained), with no position.</source>
        <translation>
            <numerusform>%n 个寄存器词元：全零（未训练），没有位置。</numerusform>
        </translation>
    </message>
    <message>
        <source>Positions: the checkpoint&apos;s learned %1 table.</source>
        <translation>位置：检查点中学习得到的 %1 表。</translation>
    </message>
    <message>
        <source>Positions: the checkpoint&apos;s learned %1 table, resampled to %2 as timm does (bicubic).</source>
        <translation>位置：检查点中学习得到的 %1 表，按 timm 的做法重采样到 %2（双三次）。</translation>
    </message>
    <message>
        <source>Positions: the fixed 2-D sin-cos table for the %1 grid (no learned table).</source>
        <translation>位置：%1 网格的固定二维正弦-余弦表（没有学习得到的表）。</translation>
    </message>
    <message>
        <source>Positions: none: D = %1 is not divisible by 4, as the 2-D sin-cos table needs.</source>
        <translation>位置：无：D = %1 不能被 4 整除，而二维正弦-余弦表需要这样。</translation>
    </message>
</context>
<context>
    <name>tessera::ui::SequenceView</name>
    <message>
        <source>Class token</source>
        <translation>类别标记</translation>
    </message>
    <message>
        <source>Prepend a class token (CLS), whose output the classifier reads. Global-pool ViTs have none (--no-class-token).</source>
        <translation>在前面加一个类别标记（CLS），分类器读取它的输出。全局池化的 ViT 没有类别标记（--no-class-token）。</translation>
    </message>
    <message>
        <source>Register tokens: extra learned tokens after the class token that give attention a scratch space (--reg-tokens).</source>
        <translation>寄存器词元：类别标记之后额外学习的词元，给注意力一块草稿空间（--reg-tokens）。</translation>
    </message>
    <message>
        <source>Registers</source>
        <translation>寄存器词元</translation>
    </message>
    <message>
        <source>Hover to read a token&apos;s values; click a patch&apos;s row to select it.</source>
        <translation>悬停读取一个词元的值；单击某个图像块的行即可选中它。</translation>
    </message>
    <message>
        <source>No result yet: open an image to see the token sequence.</source>
        <translation>还没有结果：打开一张图像即可看到词元序列。</translation>
    </message>
    <message>
        <source>The transformer reads T = %1 tokens of D = %2 numbers: the class token first, then %3 register tokens, then the %4 patches row by row. Registers are scratch space for attention: they stand for no place in the image, so they get no position.</source>
        <translation>Transformer 读入 T = %1 个词元，每个 D = %2 个数：先是类别标记，然后是 %3 个寄存器词元，再是逐行排列的 %4 个图像块。寄存器是注意力的草稿空间：它们不代表图像中的任何位置，所以没有位置编码。</translation>
    </message>
    <message>
        <source>The transformer reads T = %1 tokens of D = %2 numbers: %3 register tokens first, then the %4 patches row by row. Registers are scratch space for attention: they stand for no place in the image, so they get no position.</source>
        <translation>Transformer 读入 T = %1 个词元，每个 D = %2 个数：先是 %3 个寄存器词元，再是逐行排列的 %4 个图像块。寄存器是注意力的草稿空间：它们不代表图像中的任何位置，所以没有位置编码。</translation>
    </message>
    <message>
        <source>The transformer reads T = %1 tokens of D = %2 numbers: the class token first, then the %3 patches row by row.</source>
        <translation>Transformer 读入 T = %1 个词元，每个 D = %2 个数：先是类别标记，再是逐行排列的 %3 个图像块。</translation>
    </message>
    <message>
        <source>The transformer reads T = %1 tokens of D = %2 numbers: the %3 patches row by row.</source>
        <translation>Transformer 读入 T = %1 个词元，每个 D = %2 个数：逐行排列的 %3 个图像块。</translation>
    </message>
    <message>
        <source>Adding a position to each token tells the model where its patch was: attention alone does not know the order.</source>
        <translation>给每个词元加上位置编码，模型才知道它的图像块原来在哪里：注意力本身不知道顺序。</translation>
    </message>
    <message>
        <source>patch %1</source>
        <translation>图像块 %1</translation>
    </message>
    <message>
        <source>token 0: the class token</source>
        <translation>词元 0：类别标记</translation>
    </message>
    <message>
        <source>token %1: register token %2</source>
        <translation>词元 %1：寄存器词元 %2</translation>
    </message>
    <message>
        <source>token %1: patch %2 (row %3, col %4)</source>
        <translation>词元 %1：图像块 %2（第 %3 行，第 %4 列）</translation>
    </message>
    <message>
        <source>, dim %1: %2 + position %3 = %4</source>
        <translation>，维度 %1：%2 + 位置 %3 = %4</translation>
    </message>
    <message>
        <source>No token sequence to show yet.</source>
        <translation>还没有可显示的词元序列。</translation>
    </message>
    <message>
        <source>+ CLS</source>
        <translation>+ CLS</translation>
    </message>
    <message numerus="yes">
        <source>+ %n REG</source>
        <translation>
            <numerusform>+ %n REG</numerusform>
        </translation>
    </message>
    <message>
        <source>1. patches</source>
        <translation>1. 图像块</translation>
    </message>
    <message>
        <source>N × D = %1 × %2</source>
        <translation>N × D = %1 × %2</translation>
    </message>
    <message>
        <source>2. %1</source>
        <translation>2. %1</translation>
    </message>
    <message>
        <source>2. no prefix</source>
        <translation>2. 无前缀词元</translation>
    </message>
    <message>
        <source>T × D = %1 × %2</source>
        <translation>T × D = %1 × %2</translation>
    </message>
    <message>
        <source>3. no positions</source>
        <translation>3. 无位置编码</translation>
    </message>
    <message>
        <source>3. + positions</source>
        <translation>3. + 位置编码</translation>
    </message>
    <message>
        <source>Drawing…</source>
        <translation>正在绘制…</translation>
    </message>
    <message>
        <source>CLS</source>
        <translation>CLS</translation>
    </message>
    <message>
        <source>REG %1</source>
        <translation>REG %1</translation>
    </message>
    <message>
        <source>REG 1–%1</source>
        <translation>REG 1–%1</translation>
    </message>
    <message>
        <source>REG 1</source>
        <translation>REG 1</translation>
    </message>
    <message>
        <source>patch 0</source>
        <translation>图像块 0</translation>
    </message>
    <message>
        <source>One colour scale for all three: ±%1 holds 99.5% of the values.</source>
        <translation>三者共用一个色标：±%1 内含 99.5% 的值。</translation>
    </message>
    <message>
        <source>A pixel: the strongest value of its block.</source>
        <translation>一个像素：其所在块中最强的值。</translation>
    </message>
</context>
<context>
    <name>tessera::ui::Session</name>
    <message>
        <source>not enough memory to open %1</source>
        <translation>内存不足，无法打开 %1</translation>
    </message>
    <message>
        <source>%1 holds no image</source>
        <translation>%1 中没有图像</translation>
    </message>
</context>
<context>
    <name>tessera::ui::VectorStrip</name>
    <message>
        <source>%1: k %2–%3</source>
        <translation>%1：k %2–%3</translation>
    </message>
    <message>
        <source>%1 row %2</source>
        <translation>%1 第 %2 行</translation>
    </message>
    <message>
        <source>k = %1 … %2 magnified</source>
        <translation>k = %1 … %2 放大显示</translation>
    </message>
</context>
<context>
    <name>tessera::ui::ViewMemory</name>
    <message>
        <source>Too large to draw here: the token sequence, %1 tokens × %2 numbers, would take %3 while it is built, over the %4 a view may use (an eighth of this machine&apos;s memory). A larger patch or a smaller image gives fewer tokens.</source>
        <translation>太大，无法在此绘制：词元序列有 %1 个词元 × %2 个数，构建时要占用 %3，超过了一个视图可用的 %4（本机内存的八分之一）。更大的图像块或更小的图像会得到更少的词元。</translation>
    </message>
</context>
<context>
    <name>tessera::ui::Walkthrough</name>
    <message>
        <source>← Back</source>
        <translation>← 上一步</translation>
    </message>
    <message>
        <source>Next →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <source>The previous step (←)</source>
        <translation>上一步（←）</translation>
    </message>
    <message>
        <source>The next step (→)</source>
        <translation>下一步（→）</translation>
    </message>
    <message>
        <source>Step %1 of %2 · %3</source>
        <translation>第 %1 步，共 %2 步 · %3</translation>
    </message>
    <message>
        <source>The computer sees the photo as a grid of numbers: &lt;b&gt;%1&lt;/b&gt; rows × &lt;b&gt;%2&lt;/b&gt; columns × &lt;b&gt;3&lt;/b&gt; colour channels (red, green, blue).</source>
        <translation>计算机把照片看成一张数字网格：&lt;b&gt;%1&lt;/b&gt; 行 × &lt;b&gt;%2&lt;/b&gt; 列 × &lt;b&gt;3&lt;/b&gt; 个颜色通道（红、绿、蓝）。</translation>
    </message>
    <message>
        <source>The computer sees the photo as a grid of numbers: &lt;b&gt;%1&lt;/b&gt; rows × &lt;b&gt;%2&lt;/b&gt; columns × &lt;b&gt;1&lt;/b&gt; channel of brightness (luminance).</source>
        <translation>计算机把照片看成一张数字网格：&lt;b&gt;%1&lt;/b&gt; 行 × &lt;b&gt;%2&lt;/b&gt; 列 × &lt;b&gt;1&lt;/b&gt; 个亮度通道。</translation>
    </message>
    <message>
        <source>Each number is one byte (8 bits): a whole number from 0 (dark) to 255 (bright). That is &lt;b&gt;%1&lt;/b&gt; numbers in all, an array of shape H × W × C = %2 × %3 × %4.</source>
        <translation>每个数是一个字节（8 位）：从 0（暗）到 255（亮）的整数。总共 &lt;b&gt;%1&lt;/b&gt; 个数，是一个形状为 H × W × C = %2 × %3 × %4 的数组。</translation>
    </message>
    <message>
        <source>Nothing has been learned yet. Every later step starts from these numbers.</source>
        <translation>到这里还什么都没学。后面每一步都从这些数出发。</translation>
    </message>
    <message>
        <source>The model was trained on &lt;b&gt;%1 × %2&lt;/b&gt; pictures, so the photo is brought to that size the way timm&apos;s evaluation transform does it: resize, then crop.</source>
        <translation>模型是用 &lt;b&gt;%1 × %2&lt;/b&gt; 的图片训练的，所以照片要按 timm 评估变换的做法变成这个尺寸：先缩放，再裁剪。</translation>
    </message>
    <message>
        <source>Resize (%1): the shorter side becomes &lt;b&gt;%2&lt;/b&gt; pixels, that is %3 ÷ crop_pct %4. The photo keeps its shape: %5 × %6 becomes &lt;b&gt;%7 × %8&lt;/b&gt;.</source>
        <translation>缩放（%1）：短边变为 &lt;b&gt;%2&lt;/b&gt; 像素，即 %3 ÷ crop_pct %4。照片保持长宽比：%5 × %6 变为 &lt;b&gt;%7 × %8&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Resize (%1): each side becomes the model&apos;s side ÷ crop_pct %2. %3 × %4 becomes &lt;b&gt;%5 × %6&lt;/b&gt;.</source>
        <translation>缩放（%1）：每条边变为模型的边长 ÷ crop_pct %2。%3 × %4 变为 &lt;b&gt;%5 × %6&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Crop: the centre &lt;b&gt;%1 × %2&lt;/b&gt; is cut out, starting at row &lt;b&gt;%3&lt;/b&gt;, column &lt;b&gt;%4&lt;/b&gt;. The dimmed border is thrown away.</source>
        <translation>裁剪：从第 &lt;b&gt;%3&lt;/b&gt; 行、第 &lt;b&gt;%4&lt;/b&gt; 列开始，切出中间的 &lt;b&gt;%1 × %2&lt;/b&gt;。变暗的边框被丢弃。</translation>
    </message>
    <message>
        <source>The model expects &lt;b&gt;%1 × %2&lt;/b&gt; pixels. The photo (%3 × %4) is resized (%5) to exactly that size. Its shape is not kept, so it may look stretched; nothing is cut away.</source>
        <translation>模型要求 &lt;b&gt;%1 × %2&lt;/b&gt; 像素。照片（%3 × %4）被缩放（%5）到正好这个尺寸。长宽比不保留，所以可能显得被拉伸；但什么也没有被裁掉。</translation>
    </message>
    <message>
        <source>This run feeds the photo at its own size, &lt;b&gt;%1 × %2&lt;/b&gt;: no resize, no crop. The patch step decides what happens at the edges.</source>
        <translation>这次运行按照片自己的尺寸 &lt;b&gt;%1 × %2&lt;/b&gt; 输入：不缩放，不裁剪。边缘如何处理由切分图像块这一步决定。</translation>
    </message>
    <message>
        <source>The photo keeps its scale, but only its centre &lt;b&gt;%1 × %2&lt;/b&gt; is kept: the largest size made of whole patches. The crop starts at row &lt;b&gt;%3&lt;/b&gt;, column &lt;b&gt;%4&lt;/b&gt;; the dimmed border is thrown away.</source>
        <translation>照片保持比例，但只保留中间的 &lt;b&gt;%1 × %2&lt;/b&gt;：由整数个图像块组成的最大尺寸。裁剪从第 &lt;b&gt;%3&lt;/b&gt; 行、第 &lt;b&gt;%4&lt;/b&gt; 列开始；变暗的边框被丢弃。</translation>
    </message>
    <message>
        <source>The model&apos;s input is now &lt;b&gt;%1 × %2&lt;/b&gt; pixels, still whole numbers from 0 to 255.</source>
        <translation>现在模型的输入是 &lt;b&gt;%1 × %2&lt;/b&gt; 像素，仍是 0 到 255 的整数。</translation>
    </message>
    <message>
        <source>A network learns best from numbers near zero. So each value v is first divided by 255, into 0…1, then shifted and scaled per channel: x = (v / 255 − mean) ÷ std.</source>
        <translation>网络从接近零的数中学得最好。所以每个值 v 先除以 255，落到 0…1，再按通道平移和缩放：x = (v / 255 − 均值) ÷ 标准差。</translation>
    </message>
    <message>
        <source>The %1 preset uses mean &lt;b&gt;%2&lt;/b&gt; and std &lt;b&gt;%3&lt;/b&gt;, one value per channel: the statistics of the pictures the model was trained on.</source>
        <translation>%1 预设的均值为 &lt;b&gt;%2&lt;/b&gt;，标准差为 &lt;b&gt;%3&lt;/b&gt;，每个通道一个值：这是模型训练所用图片的统计量。</translation>
    </message>
    <message>
        <source>This run uses mean &lt;b&gt;%1&lt;/b&gt; and std &lt;b&gt;%2&lt;/b&gt;, one value per channel.</source>
        <translation>这次运行的均值为 &lt;b&gt;%1&lt;/b&gt;，标准差为 &lt;b&gt;%2&lt;/b&gt;，每个通道一个值。</translation>
    </message>
    <message>
        <source>Afterwards most values lie between about −2 and 2.</source>
        <translation>之后大多数值都在 −2 到 2 之间。</translation>
    </message>
    <message>
        <source>Hover over the image to follow one pixel through this step.</source>
        <translation>把鼠标悬停在图像上，跟随一个像素走完这一步。</translation>
    </message>
    <message>
        <source>The pixel at row %1, column %2 lies outside the crop: the model never sees it.</source>
        <translation>第 %1 行、第 %2 列的像素在裁剪区域之外：模型永远看不到它。</translation>
    </message>
    <message>
        <source>The pixel at row %1, column %2 of the resized photo (row %3, column %4 of the model&apos;s input):</source>
        <translation>缩放后照片第 %1 行、第 %2 列的像素（模型输入的第 %3 行、第 %4 列）：</translation>
    </message>
    <message>
        <source>%1: &lt;b&gt;%2&lt;/b&gt; ÷ 255 = &lt;b&gt;%3&lt;/b&gt; → (%3 − %4) ÷ %5 = &lt;b&gt;%6&lt;/b&gt;</source>
        <translation>%1：&lt;b&gt;%2&lt;/b&gt; ÷ 255 = &lt;b&gt;%3&lt;/b&gt; → (%3 − %4) ÷ %5 = &lt;b&gt;%6&lt;/b&gt;</translation>
    </message>
    <message>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>蓝</translation>
    </message>
    <message>
        <source>luminance</source>
        <translation>亮度</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>The &lt;b&gt;%1 × %2&lt;/b&gt; input is cut into tiles of &lt;b&gt;%3 × %4&lt;/b&gt; pixels, the patches, with no overlap. That makes a grid of &lt;b&gt;%5&lt;/b&gt; rows × &lt;b&gt;%6&lt;/b&gt; columns: N = %5 × %6 = &lt;b&gt;%7&lt;/b&gt; patches.</source>
        <translation>&lt;b&gt;%1 × %2&lt;/b&gt; 的输入被切成 &lt;b&gt;%3 × %4&lt;/b&gt; 像素的小块，即图像块，互不重叠。得到 &lt;b&gt;%5&lt;/b&gt; 行 × &lt;b&gt;%6&lt;/b&gt; 列的网格：N = %5 × %6 = &lt;b&gt;%7&lt;/b&gt; 个图像块。</translation>
    </message>
    <message>
        <source>%1 × %2 is a whole number of patches: no pixel is dropped or padded.</source>
        <translation>%1 × %2 正好是整数个图像块：没有像素被丢弃或填充。</translation>
    </message>
    <message>
        <source>%1 × %2 is not a whole number of patches, so zeros are added: &lt;b&gt;%3&lt;/b&gt; rows at the bottom and &lt;b&gt;%4&lt;/b&gt; columns on the right (dynamic padding), making %5 × %6.</source>
        <translation>%1 × %2 不是整数个图像块，所以要补零：底部补 &lt;b&gt;%3&lt;/b&gt; 行，右侧补 &lt;b&gt;%4&lt;/b&gt; 列（动态填充），变成 %5 × %6。</translation>
    </message>
    <message>
        <source>%1 × %2 is not a whole number of patches. Like a Conv2d, the model drops the last &lt;b&gt;%3&lt;/b&gt; rows and &lt;b&gt;%4&lt;/b&gt; columns (shown dimmed).</source>
        <translation>%1 × %2 不是整数个图像块。和 Conv2d 一样，模型丢掉最后的 &lt;b&gt;%3&lt;/b&gt; 行和 &lt;b&gt;%4&lt;/b&gt; 列（变暗显示）。</translation>
    </message>
    <message>
        <source>Patches are numbered row by row: 0 at the top left, %1 at the bottom right.</source>
        <translation>图像块逐行编号：左上角为 0，右下角为 %1。</translation>
    </message>
    <message>
        <source>Click a patch on the image to pick one. This step then follows its numbers.</source>
        <translation>在图像上单击一个图像块来选中它。这一步之后会跟随它的数。</translation>
    </message>
    <message>
        <source>Patch &lt;b&gt;%1&lt;/b&gt; sits in grid row %2, column %3: pixel rows %4 to %5 and columns %6 to %7 of the input.</source>
        <translation>图像块 &lt;b&gt;%1&lt;/b&gt; 位于网格第 %2 行、第 %3 列：输入的像素行 %4 到 %5、列 %6 到 %7。</translation>
    </message>
    <message>
        <source>Part of it lies in the padding: those values are zeros.</source>
        <translation>它有一部分落在填充区：那些值都是零。</translation>
    </message>
    <message>
        <source>It holds C × P × Q = %1 × %2 × %3 = &lt;b&gt;%4&lt;/b&gt; numbers. They are laid out in one line, in (C, P, Q) order: the %5 red values row by row, then the green ones, then the blue ones.</source>
        <translation>它含有 C × P × Q = %1 × %2 × %3 = &lt;b&gt;%4&lt;/b&gt; 个数。它们按 (C, P, Q) 顺序排成一行：先是逐行排列的 %5 个红色值，然后是绿色的，再是蓝色的。</translation>
    </message>
    <message>
        <source>It holds C × P × Q = %1 × %2 × %3 = &lt;b&gt;%4&lt;/b&gt; numbers. They are laid out in one line, in (C, P, Q) order: the %5 values of the first channel row by row, then the next channel.</source>
        <translation>它含有 C × P × Q = %1 × %2 × %3 = &lt;b&gt;%4&lt;/b&gt; 个数。它们按 (C, P, Q) 顺序排成一行：先是第一个通道逐行排列的 %5 个值，然后是下一个通道。</translation>
    </message>
    <message>
        <source>So x[0] is the top-left pixel&apos;s %1 value, &lt;b&gt;%2&lt;/b&gt;, and x[%3] is the same pixel&apos;s %4 value, &lt;b&gt;%5&lt;/b&gt;.</source>
        <translation>所以 x[0] 是左上角像素的%1色值 &lt;b&gt;%2&lt;/b&gt;，x[%3] 是同一像素的%4色值 &lt;b&gt;%5&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>So x[0] is the top-left pixel&apos;s value, &lt;b&gt;%1&lt;/b&gt;, and x[%2] is the pixel below it, &lt;b&gt;%3&lt;/b&gt;.</source>
        <translation>所以 x[0] 是左上角像素的值 &lt;b&gt;%1&lt;/b&gt;，x[%2] 是它下方的像素 &lt;b&gt;%3&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>This vector x, K = &lt;b&gt;%1&lt;/b&gt; numbers long, is all the model knows about the patch. The inspector shows it.</source>
        <translation>这个长为 K = &lt;b&gt;%1&lt;/b&gt; 的向量 x，就是模型对这个图像块所知道的全部。检查器中显示了它。</translation>
    </message>
    <message>
        <source>One matrix W of D × K = &lt;b&gt;%1 × %2&lt;/b&gt; numbers turns x into the patch&apos;s embedding: y = W·x + b, &lt;b&gt;%1&lt;/b&gt; numbers. Each row of W is a filter: multiplied with x value by value and summed, it gives one number of y.</source>
        <translation>一个 D × K = &lt;b&gt;%1 × %2&lt;/b&gt; 的矩阵 W 把 x 变成图像块的嵌入：y = W·x + b，共 &lt;b&gt;%1&lt;/b&gt; 个数。W 的每一行是一个滤波器：与 x 逐个值相乘再求和，得到 y 的一个数。</translation>
    </message>
    <message>
        <source>One matrix W of D × K = &lt;b&gt;%1 × %2&lt;/b&gt; numbers turns x into the patch&apos;s embedding: y = W·x (this model has no bias b), &lt;b&gt;%1&lt;/b&gt; numbers. Each row of W is a filter: multiplied with x value by value and summed, it gives one number of y.</source>
        <translation>一个 D × K = &lt;b&gt;%1 × %2&lt;/b&gt; 的矩阵 W 把 x 变成图像块的嵌入：y = W·x（这个模型没有偏置 b），共 &lt;b&gt;%1&lt;/b&gt; 个数。W 的每一行是一个滤波器：与 x 逐个值相乘再求和，得到 y 的一个数。</translation>
    </message>
    <message>
        <source>Then LayerNorm rescales each y to mean 0 and variance 1, times a learned gain, plus a learned shift.</source>
        <translation>然后 LayerNorm 把每个 y 重新缩放为均值 0、方差 1，乘以学习得到的增益，再加上学习得到的偏移。</translation>
    </message>
    <message>
        <source>Every patch uses the same W and b. That is exactly a Conv2d with kernel = stride = &lt;b&gt;%1 × %2&lt;/b&gt;: the kernel jumps one whole patch at a time, so each output sees one patch.</source>
        <translation>每个图像块都用同一个 W 和 b。这正是卷积核 = 步长 = &lt;b&gt;%1 × %2&lt;/b&gt; 的 Conv2d：卷积核每次跳过一整个图像块，所以每个输出只看到一个图像块。</translation>
    </message>
    <message>
        <source>Parameters: &lt;b&gt;%1&lt;/b&gt; (W %2, b %3).</source>
        <translation>参数：&lt;b&gt;%1&lt;/b&gt;（W %2，b %3）。</translation>
    </message>
    <message>
        <source>Parameters: &lt;b&gt;%1&lt;/b&gt; (W %2, b %3, LayerNorm %4).</source>
        <translation>参数：&lt;b&gt;%1&lt;/b&gt;（W %2，b %3，LayerNorm %4）。</translation>
    </message>
    <message>
        <source>Cost for this image: 2 · N · D · K = 2 · %1 · %2 · %3 = &lt;b&gt;%4&lt;/b&gt; FLOPs (a multiply and an add count as 2).</source>
        <translation>这张图像的计算量：2 · N · D · K = 2 · %1 · %2 · %3 = &lt;b&gt;%4&lt;/b&gt; FLOPs（一次乘法加一次加法算 2 次）。</translation>
    </message>
    <message>
        <source>W and b here were learned in training: they come from %1.</source>
        <translation>这里的 W 和 b 是训练中学到的：来自 %1。</translation>
    </message>
    <message>
        <source>W and b here are random (%1, seed %2): the arithmetic is real, but the numbers mean nothing yet.</source>
        <translation>这里的 W 和 b 是随机的（%1，种子 %2）：算术是真的，但这些数还没有任何意义。</translation>
    </message>
    <message>
        <source>W here is fitted to this image&apos;s own patches (PCA), not learned in training.</source>
        <translation>这里的 W 是用这张图像自己的图像块拟合出来的（PCA），而不是训练中学到的。</translation>
    </message>
    <message>
        <source>The N = &lt;b&gt;%1&lt;/b&gt; embeddings form a sequence of tokens: a matrix of &lt;b&gt;%1 × %2&lt;/b&gt; (N × D), one row per patch, in patch order.</source>
        <translation>N = &lt;b&gt;%1&lt;/b&gt; 个嵌入组成一个词元序列：一个 &lt;b&gt;%1 × %2&lt;/b&gt;（N × D）的矩阵，每个图像块一行，按图像块顺序排列。</translation>
    </message>
    <message>
        <source>A class token goes in front: one more row of D numbers, learned in training (from the checkpoint). At the end, the model reads its answer from this row.</source>
        <translation>前面加一个类别标记：多一行 D 个数，训练中学到（来自检查点）。最后，模型从这一行读出它的答案。</translation>
    </message>
    <message>
        <source>A class token goes in front: one more row of D numbers. A trained model learns it; with random weights it is zeros here.</source>
        <translation>前面加一个类别标记：多一行 D 个数。训练过的模型会学习它；用随机权重时，这里它是全零。</translation>
    </message>
    <message>
        <source>This model has no class token: at the end it averages the patch tokens instead.</source>
        <translation>这个模型没有类别标记：最后它改为对图像块词元取平均。</translation>
    </message>
    <message>
        <source>Then &lt;b&gt;%1&lt;/b&gt; register tokens, learned rows the model uses as scratch space (from the checkpoint).</source>
        <translation>然后是 &lt;b&gt;%1&lt;/b&gt; 个寄存器词元，是模型用作草稿空间的学习得到的行（来自检查点）。</translation>
    </message>
    <message>
        <source>Then &lt;b&gt;%1&lt;/b&gt; register tokens, rows the model uses as scratch space (zeros here: no checkpoint gives them).</source>
        <translation>然后是 &lt;b&gt;%1&lt;/b&gt; 个寄存器词元，是模型用作草稿空间的行（这里为全零：没有检查点提供它们）。</translation>
    </message>
    <message>
        <source>Attention does not know where a token came from, so a position embedding is added to each token: the checkpoint&apos;s learned table, one row per position.</source>
        <translation>注意力不知道一个词元来自哪里，所以要给每个词元加上位置编码：检查点中学习得到的表，每个位置一行。</translation>
    </message>
    <message>
        <source>Attention does not know where a token came from, so a position embedding is added to each token: the checkpoint&apos;s learned table. It was made for a &lt;b&gt;%1 × %2&lt;/b&gt; grid, so it is resampled (bicubic, as timm does) to this &lt;b&gt;%3 × %4&lt;/b&gt; grid.</source>
        <translation>注意力不知道一个词元来自哪里，所以要给每个词元加上位置编码：检查点中学习得到的表。它是为 &lt;b&gt;%1 × %2&lt;/b&gt; 网格做的，所以要（按 timm 的做法，用双三次插值）重采样到这次的 &lt;b&gt;%3 × %4&lt;/b&gt; 网格。</translation>
    </message>
    <message>
        <source>Attention does not know where a token came from, so a position embedding is added to each token: a fixed 2-D sine-cosine table for this &lt;b&gt;%1 × %2&lt;/b&gt; grid, not learned.</source>
        <translation>注意力不知道一个词元来自哪里，所以要给每个词元加上位置编码：为这个 &lt;b&gt;%1 × %2&lt;/b&gt; 网格生成的固定二维正弦-余弦表，不是学习得到的。</translation>
    </message>
    <message>
        <source>No position embedding is added: the 2-D sine-cosine table needs D divisible by 4, and D = %1 is not.</source>
        <translation>没有加位置编码：二维正弦-余弦表要求 D 能被 4 整除，而 D = %1 不能。</translation>
    </message>
    <message>
        <source>The class token gets no position: the table covers the patches only.</source>
        <translation>类别标记没有位置：这张表只覆盖图像块。</translation>
    </message>
    <message>
        <source>The class token&apos;s row of the table is zeros: it has no place in the grid.</source>
        <translation>表中类别标记那一行是全零：它在网格中没有位置。</translation>
    </message>
    <message>
        <source>Register tokens get no position.</source>
        <translation>寄存器词元没有位置。</translation>
    </message>
    <message>
        <source>The first transformer block receives a matrix of T × D = &lt;b&gt;%1 × %2&lt;/b&gt;: %3 patch tokens + %4 in front make T = &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>第一个 Transformer 块接收一个 T × D = &lt;b&gt;%1 × %2&lt;/b&gt; 的矩阵：%3 个图像块词元 + 前面的 %4 个，共 T = &lt;b&gt;%1&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Building the token sequence…</source>
        <translation>正在构建词元序列…</translation>
    </message>
    <message>
        <source>The sequence cannot be built: %1</source>
        <translation>无法构建词元序列：%1</translation>
    </message>
    <message>
        <source>Open an image, or pick one of the samples, to begin. Each step will show what happens to it, with its own numbers.</source>
        <translation>打开一张图像，或选一个示例，就可以开始。每一步都会用它自己的数展示它经历了什么。</translation>
    </message>
    <message>
        <source>The image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Resize and crop</source>
        <translation>缩放与裁剪</translation>
    </message>
    <message>
        <source>Normalise</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Cut into patches</source>
        <translation>切成图像块</translation>
    </message>
    <message>
        <source>Flatten one patch</source>
        <translation>展平一个图像块</translation>
    </message>
    <message>
        <source>Project with W</source>
        <translation>用 W 投影</translation>
    </message>
    <message>
        <source>The token sequence</source>
        <translation>词元序列</translation>
    </message>
</context>
<context>
    <name>tessera::ui::WeightsFile</name>
    <message>
        <source>not enough memory to read %1</source>
        <translation>内存不足，无法读取 %1</translation>
    </message>
</context>
<context>
    <name>tessera::ui::WindowLayout</name>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>%1 Toolbar</source>
        <extracomment>%1 is the toolbar&apos;s title, e.g. Overlays</extracomment>
        <translation>%1工具栏</translation>
    </message>
</context>
</TS>
