using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Tests.Fields;

public class ParserRobustnessTests
{
    /// <summary>Characters the parsers react to, so random strings hit their edge cases (ranges at the end, lone brackets …).</summary>
    private const string Alphabet = "0123456789.一二两三十百千万亿〇年月日底前至到-—以上下内左右约多余个家人%％元每季度周半初末《》〔〕“”（）()，。；、\t |第的起自已给予奖励对０１２５９";

    [Fact]
    public void Random_fragments_never_make_a_parser_throw()
    {
        var random = new Random(20231);
        for (var round = 0; round < 3000; round++)
        {
            var length = random.Next(0, 40);
            var text = new string(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            DeadlineParser.Find(text, new DateOnly(2023, 5, 10));
            DeadlineParser.Find(text, null);
            TargetParser.Find(text);
            ReportingCadenceParser.Find(text);
        }
    }
}
