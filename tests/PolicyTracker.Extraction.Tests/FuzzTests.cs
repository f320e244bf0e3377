using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PolicyTracker.Extraction.Input;
using PolicyTracker.Extraction.Model;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace PolicyTracker.Extraction.Tests;

/// <summary>
/// Seeded mutation fuzzing: gazette-like text, .docx and .pdf written here are mutated at random (the seed is in the
/// failure message, so a failure replays) and every mutant must either extract or be refused with
/// <see cref="ExtractionInputException"/>, within a generous hang guard. POLICYTRACKER_FUZZ_RUNS scales the runs.
/// Runs alone, after the other tests, so its thousands of extractions don't starve their timing guards.
/// </summary>
[Collection(Name)]
public class FuzzTests
{
    public const string Name = "fuzz";

    static FuzzTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Multiplies every run count (default 1: about 4,000 inputs in all).</summary>
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("POLICYTRACKER_FUZZ_RUNS"), out var s) && s > 0 ? s : 1;

    /// <summary>A hang guard, not a speed test: a small input taking this long is stuck.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private static readonly string Seed = TestInput.Gazette(
        "为加快推进示范县建设，制定本方案。",
        "一、总体要求",
        "（一）工作目标。到2025年底，新增限上企业10家以上，覆盖率达到95%。",
        "二、重点任务",
        "（一）培育市场主体",
        "1.实施企业培育工程。2024年6月底前完成摸底。（牵头单位：县商务局；配合单位：县财政局、县市场监管局）",
        "2.推进园区建设。责任单位：县发改委，各乡（镇）人民政府。长期坚持。",
        "（二）优化营商环境",
        "①压缩审批时限至3个工作日以内。（县行政审批局牵头，县直有关部门配合）",
        "序号\t任务\t主要内容\t责任单位\t完成时限",
        "1\t建设园区\t建成标准厂房5万平方米。\t县工信局\t2024年12月",
        "\t\t继续推进。\t县财政局\t",
        "三、保障措施",
        "各单位每季度末月25日前将进展情况报送县督查室。",
        "- 3 -",
        "某县人民政府公报");

    /// <summary>Fragments official text is made of, so insertions hit the parsers' interesting paths.</summary>
    private static readonly string[] Fragments =
    [
        "一、", "（一）", "(二)", "1.", "2．", "（3）", "①", "⑩", "第一条", "牵头单位：", "责任单位:", "配合单位：", "牵头", "配合",
        "县民政局", "县财政局、", "各乡（镇）", "2024年", "6月底前", "年内", "上半年", "12月31日", "每月", "每季度", "10家以上",
        "不低于", "95%", "万元", "亿", "〔2024〕", "号", "（", "）", "(", ")", "【", "】", "、", "；", "。", "：", "\t", "\n", "\r\n",
        "\r", " ", "\u3000", "\u00A0", "\u200B", "\uFEFF", "\0", "\u001F", "\uD800", "𠀀", "🙂", "", "零一二三四五六七八九十百千万",
        "-1-", "附件", "抄送：", "（此件公开发布）", "某县人民政府办公室", "关于印发", "的通知",
    ];

    [Fact]
    public void Mutated_gazette_text_never_throws_anything_but_an_input_error()
    {
        var runs = 2_500 * Scale;
        for (var seed = 0; seed < runs; seed++)
        {
            var random = new Random(seed);
            var text = MutateText(Seed, random);
            var bytes = random.Next(4) switch
            {
                0 => Encoding.GetEncoding("GB18030").GetBytes(text),
                1 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
                _ => Encoding.UTF8.GetBytes(text),
            };
            var result = ExtractWithin(bytes, "fuzz.txt", seed);
            if (result is not null && seed % 10 == 0)
                Assert.True(ExtractionJson.Serialize(result) == ExtractionJson.Serialize(Extractor.Extract(bytes, "fuzz.txt")),
                    $"seed {seed}: extraction is not deterministic");
        }
    }

    [Fact]
    public void Mutated_bytes_of_text_never_throw_anything_but_an_input_error()
    {
        var original = Encoding.UTF8.GetBytes(Seed);
        for (var seed = 0; seed < 1_000 * Scale; seed++)
        {
            var random = new Random(seed);
            ExtractWithin(MutateBytes(original, random), "fuzz.txt", seed);
        }
    }

    [Fact]
    public void Mutated_docx_files_are_read_or_refused_as_input_errors()
    {
        var docx = Docx();
        Assert.NotEmpty(Extractor.Extract(docx, "plan.docx").Documents);
        for (var seed = 0; seed < 300 * Scale; seed++)
            ExtractWithin(MutateBytes(docx, new Random(seed)), "fuzz.docx", seed);
    }

    [Fact]
    public void Mutated_pdf_files_are_read_or_refused_as_input_errors()
    {
        var pdf = Pdf();
        Assert.NotNull(Extractor.Extract(pdf, "plan.pdf"));
        for (var seed = 0; seed < 300 * Scale; seed++)
            ExtractWithin(MutateBytes(pdf, new Random(seed)), "fuzz.pdf", seed);
    }

    [Fact]
    public void A_docx_that_inflates_a_thousandfold_is_refused_as_a_zip_bomb()
    {
        var bomb = Zip(("[Content_Types].xml", new byte[100]), ("word/document.xml", new byte[64 * 1024 * 1024]));
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");
        var e = Assert.Throws<ExtractionInputException>(() => Extractor.Extract(bomb, "bomb.docx"));
        Assert.Contains("inflates", e.Message);
    }

    [Fact]
    public void A_part_whose_directory_understates_its_size_inflates_no_further_than_declared()
    {
        // ZipGuard trusts the declared sizes because the runtime stops inflating there; this pins that down.
        var zip = Zip(("word/document.xml", new byte[2 * 1024 * 1024]));
        BitConverter.GetBytes(1000u).CopyTo(zip, 22);
        var central = zip.AsSpan().LastIndexOf([(byte)0x50, (byte)0x4B, (byte)0x01, (byte)0x02]);
        BitConverter.GetBytes(1000u).CopyTo(zip, central + 24);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var part = archive.Entries.Single().Open();
        long total = 0;
        var buffer = new byte[65536];
        try
        {
            for (int read; (read = part.Read(buffer)) > 0;) total += read;
        }
        catch (InvalidDataException)
        {
            // refusing the part outright is as good as stopping
        }
        Assert.True(total <= 1000, $"{total} bytes inflated");
        Assert.Throws<ExtractionInputException>(() => Extractor.Extract(zip, "liar.docx"));
    }

    [Fact]
    public void A_docx_of_thousands_of_parts_is_refused()
    {
        var parts = Enumerable.Range(0, ZipGuard.MaxEntries + 1).Select(i => ($"word/media/p{i}.bin", new byte[1])).ToArray();
        var e = Assert.Throws<ExtractionInputException>(() => Extractor.Extract(Zip(parts), "many.docx"));
        Assert.Contains("parts", e.Message);
    }

    [Fact]
    public void A_pdf_of_more_pages_than_the_limit_is_refused()
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i <= PdfReader.MaxPages; i++) builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var e = Assert.Throws<ExtractionInputException>(() => Extractor.Extract(builder.Build(), "long.pdf"));
        Assert.Contains("pages", e.Message);
    }

    /// <summary>Null when the input was refused; fails the test on any other exception or a hang.</summary>
    private static ExtractionResult? ExtractWithin(byte[] bytes, string name, int seed)
    {
        var run = Task.Run(() => Extractor.Extract(bytes, name));
        try
        {
            Assert.True(run.Wait(HangGuard), $"seed {seed}: extraction of {bytes.Length} bytes did not finish within {HangGuard}");
        }
        catch (AggregateException e) when (e.InnerException is ExtractionInputException)
        {
            return null;
        }
        catch (AggregateException e)
        {
            Assert.Fail($"seed {seed} ({name}, {bytes.Length} bytes): {e.InnerException}");
        }
        var result = run.Result;
        Assert.True(result.Lines.All(ValidText), $"seed {seed}: a line carries NUL or half a surrogate pair");
        foreach (var task in result.Documents.SelectMany(d => d.Tasks))
            Assert.True(task.Line >= 1 && task.Line <= Math.Max(task.EndLine, task.Line) && task.EndLine <= result.Lines.Count,
                $"seed {seed}: task span {task.Line}-{task.EndLine} outside 1-{result.Lines.Count}");
        return result;
    }

    private static bool ValidText(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\0') return false;
            if (char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1])) i++;
            else if (char.IsSurrogate(line[i])) return false;
        }
        return true;
    }

    [Theory]
    [InlineData("utf8-nul-past-the-sample")]
    [InlineData("utf8-bom-nul")]
    [InlineData("utf16-bom-nul")]
    public void Text_carrying_a_nul_character_is_refused_as_not_text(string kind)
    {
        var text = Seed + new string('。', 9000) + "\0" + "结束";
        byte[] bytes = kind switch
        {
            "utf8-nul-past-the-sample" => Encoding.UTF8.GetBytes(text),
            "utf8-bom-nul" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            _ => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
        };
        var e = Assert.Throws<ExtractionInputException>(() => Extractor.Extract(bytes, "nul.txt"));
        Assert.Contains("Unrecognised", e.Message);
    }

    [Fact]
    public void Container_text_loses_nul_characters_and_half_surrogate_pairs()
    {
        var text = new SourceText(["县\0民政局", "半\uD800个", "𠀀完整", "正常"]).Sanitized();
        Assert.Equal(["县民政局", "半\uFFFD个", "𠀀完整", "正常"], text.Lines);
    }

    private static string MutateText(string text, Random random)
    {
        var sb = new StringBuilder(text);
        var edits = random.Next(1, 12);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(sb.Length + 1);
            switch (random.Next(8))
            {
                case 0: sb.Insert(at, Fragments[random.Next(Fragments.Length)]); break;
                case 1: sb.Insert(at, (char)random.Next(0x20, 0xA000)); break;
                case 2 when sb.Length > 0: sb.Remove(Math.Min(at, sb.Length - 1), Math.Min(random.Next(1, 40), sb.Length - Math.Min(at, sb.Length - 1))); break;
                case 3:
                    // a run of one fragment, for the quadratic paths
                    sb.Insert(at, string.Concat(Enumerable.Repeat(Fragments[random.Next(Fragments.Length)], random.Next(10, 2_000))));
                    break;
                case 4:
                    {
                        var lines = sb.ToString().Split('\n').ToList();
                        var line = lines[random.Next(lines.Count)];
                        lines.InsertRange(random.Next(lines.Count), Enumerable.Repeat(line, random.Next(1, 300)));
                        sb.Clear().Append(string.Join('\n', lines));
                        break;
                    }
                case 5:
                    {
                        var lines = sb.ToString().Split('\n');
                        random.Shuffle(lines);
                        sb.Clear().Append(string.Join('\n', lines));
                        break;
                    }
                case 6: sb.Length = Math.Min(sb.Length, at); break;
                default:
                    {
                        var from = random.Next(sb.Length + 1);
                        var length = Math.Min(random.Next(1, 200), sb.Length - from);
                        sb.Insert(at, sb.ToString(from, length));
                        break;
                    }
            }
        }
        return sb.ToString();
    }

    private static byte[] MutateBytes(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = random.Next(1, 8);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at)); break;
                case 3: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }

    private static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body(Seed.Split('\n').Take(12).Select(l => new Paragraph(new Run(new Text(l)))));
            body.Append(new Table(
                new TableRow(new TableCell(Para("序号")), new TableCell(Para("任务")), new TableCell(Para("责任单位"))),
                new TableRow(new TableCell(Para("1")), new TableCell(Para("建设示范园区。")), new TableCell(Para("县农业农村局、县财政局")))));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static Paragraph Para(string text) => new(new Run(new Text(text)));

    private static byte[] Pdf()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 0; p < 2; p++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (var line = 0; line < 20; line++)
                page.AddText($"{line + 1}. Task {p}-{line} due 2024-06-30", 11, new PdfPoint(40, 780 - line * 30), font);
        }
        return builder.Build();
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        return stream.ToArray();
    }
}

[CollectionDefinition(FuzzTests.Name, DisableParallelization = true)]
public sealed class FuzzCollection;
