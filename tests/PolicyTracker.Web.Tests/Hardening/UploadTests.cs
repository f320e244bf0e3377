using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>Runs alone, so the temporary folder it watches is not written to by other tests meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}

/// <summary>
/// Hostile and broken uploads to the import endpoint: each gets a 4xx ProblemDetails, and nothing is stored — no
/// import row, no audit entry, no temporary file.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class UploadTests
{
    private static readonly string Gazette = "某县人民政府办公室 关于印发某县示范行动方案的通知\n\n某政办发〔2024〕7号\n\n各乡（镇）人民政府，县直各有关单位：\n" +
        "现印发给你们。\n某县人民政府办公室\n2024年4月10日\n某县示范行动方案\n一、重点任务\n1.推进园区建设。（牵头单位：县发改局）\n";

    public static TheoryData<string, string> Refused => new()
    {
        { "empty", "plan.txt" },
        { "wrong-extension", "plan.exe" },
        { "corrupt-docx", "plan.docx" },
        { "corrupt-pdf", "plan.pdf" },
        { "zip-bomb-docx", "plan.docx" },
        { "utf16-without-bom", "plan.txt" },
        { "binary", "plan.txt" },
        { "legacy-doc", "plan.docx" },
    };

    private static byte[] Content(string kind) => kind switch
    {
        "empty" => [],
        "wrong-extension" => Encoding.UTF8.GetBytes(Gazette),
        "corrupt-docx" => [.. "PK\u0003\u0004"u8, .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 31))],
        "corrupt-pdf" => "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"u8.ToArray(),
        "zip-bomb-docx" => ZipBomb(),
        "utf16-without-bom" => Encoding.Unicode.GetBytes(Gazette),
        "binary" => Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7 % 256)).ToArray(),
        "legacy-doc" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[512]],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>About 64 KB that inflate to 64 MB.</summary>
    private static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open();
            part.Write(new byte[64 * 1024 * 1024]);
        }
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_bad_upload_is_refused_with_a_problem_and_leaves_nothing_behind(string kind, string fileName)
    {
        await using var app = new TestApp();
        var sup = await SupervisorAsync(app);
        var before = await StateAsync(app);

        var response = await sup.PostAsync("/api/imports/", Form(Content(kind), fileName));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{kind}: {(int)response.StatusCode}");
        await AssertProblemAsync(response);
        Assert.Equal(before, await StateAsync(app));
    }

    [Fact]
    public async Task A_hundred_megabyte_upload_is_refused_with_413_before_it_is_read()
    {
        await using var app = new TestApp();
        var sup = await SupervisorAsync(app);
        var before = await StateAsync(app);

        var response = await sup.PostAsync("/api/imports/", Form(new byte[100 * 1024 * 1024], "plan.txt"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await AssertProblemAsync(response);
        Assert.Contains("30 MB", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await StateAsync(app));
    }

    [Fact]
    public async Task An_upload_streamed_without_a_length_is_cut_off_at_the_configured_limit()
    {
        await using var app = new TestApp(settings: new() { ["Tracking:ImportMaxBytes"] = "1048576" });
        var sup = await SupervisorAsync(app);
        var before = await StateAsync(app);
        var form = new MultipartFormDataContent();
        var file = new StreamContent(new UnknownLengthStream(5 * 1024 * 1024, (byte)'a'));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "plan.txt");
        Assert.Null(form.Headers.ContentLength);

        var response = await sup.PostAsync("/api/imports/", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1 MB", (await AssertProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await StateAsync(app));
    }

    [Theory]
    [InlineData("utf8-bom")]
    [InlineData("utf16-bom")]
    public async Task Text_with_a_byte_order_mark_is_read_in_its_encoding(string kind)
    {
        await using var app = new TestApp();
        var sup = await SupervisorAsync(app);
        byte[] bytes = kind == "utf8-bom"
            ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Gazette)]
            : [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Gazette)];

        var response = await sup.PostAsync("/api/imports/", Form(bytes, "plan.txt"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var source = await app.WithDbAsync(db => db.PlanImports.Select(i => i.SourceText).SingleAsync());
        Assert.Contains("县发改局", source);
        Assert.DoesNotContain('\uFEFF', source);
    }

    [Fact]
    public async Task A_file_name_with_a_control_character_is_a_400_problem()
    {
        await using var app = new TestApp();
        var sup = await SupervisorAsync(app);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Gazette));
        file.Headers.ContentDisposition = new("form-data") { Name = "file", FileNameStar = "plan\u0000.txt" };
        var response = await sup.PostAsync("/api/imports/", new MultipartFormDataContent { file });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("控制字符", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.PlanImports.CountAsync()));
    }

    [Fact]
    public async Task A_request_that_is_not_multipart_is_a_400_problem()
    {
        await using var app = new TestApp();
        var sup = await SupervisorAsync(app);
        var response = await sup.PostAsync("/api/imports/", new StringContent(Gazette, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response);
    }

    private static async Task<HttpClient> SupervisorAsync(TestApp app)
    {
        await app.CreateUserAsync("sup", Roles.Supervisor);
        return await app.SignInAsync("sup");
    }

    private static MultipartFormDataContent Form(byte[] content, string fileName) =>
        new() { { new ByteArrayContent(content), "file", fileName } };

    /// <summary>What an upload could leave behind: rows and the web server's temporary buffer files.</summary>
    private static async Task<(int Imports, int Plans, int Audit, int TempFiles)> StateAsync(TestApp app) =>
        await app.WithDbAsync(async db => (await db.PlanImports.CountAsync(), await db.Plans.CountAsync(), await db.AuditEntries.CountAsync(),
            Directory.GetFiles(Environment.GetEnvironmentVariable("ASPNETCORE_TEMP") ?? Path.GetTempPath(), "ASPNETCORE_*").Length));

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>A body of <paramref name="length"/> bytes that can't tell its length, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(long length, byte fill) : Stream
    {
        private long _sent;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _sent; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _sent);
            buffer.AsSpan(offset, n).Fill(fill);
            _sent += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
