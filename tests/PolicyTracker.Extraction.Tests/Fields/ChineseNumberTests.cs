using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Tests.Fields;

public class ChineseNumberTests
{
    [Theory]
    [InlineData("12", 12)]
    [InlineData("52.27", 52.27)]
    [InlineData("1,200", 1200)]
    [InlineData("１２", 12)]
    public void Arabic_numbers_are_read_with_decimals_separators_and_full_width_digits(string text, double expected)
    {
        Assert.True(ChineseNumber.TryParse(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("三", 3)]
    [InlineData("十", 10)]
    [InlineData("十五", 15)]
    [InlineData("二十", 20)]
    [InlineData("两", 2)]
    [InlineData("一百二十", 120)]
    [InlineData("一千零五", 1005)]
    [InlineData("三万五千", 35000)]
    [InlineData("一亿二千万", 120000000)]
    public void Chinese_numerals_are_read_with_their_units(string text, long expected)
    {
        Assert.True(ChineseNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("二〇二三", 2023)]
    [InlineData("二零二四", 2024)]
    public void Digit_by_digit_years_are_read_positionally(string text, long expected)
    {
        Assert.True(ChineseNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5万", 15000)]
    [InlineData("3千", 3000)]
    public void Mixed_forms_scale_the_arabic_part(string text, long expected)
    {
        Assert.True(ChineseNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("万元")]
    [InlineData("三家")]
    public void Text_that_is_not_wholly_a_number_is_rejected(string text) =>
        Assert.False(ChineseNumber.TryParse(text, out _));

    [Theory]
    [InlineData("1234567890123456789012345")]
    [InlineData("一亿亿亿亿亿亿亿亿")]
    [InlineData("一一一一一一一一一一一一一一一一一一一一一一")]
    public void Runaway_digit_strings_never_overflow(string text) => ChineseNumber.TryParse(text, out _);

    [Fact]
    public void Reading_without_big_units_leaves_wan_for_the_unit()
    {
        Assert.True(ChineseNumber.TryRead("建成300万元项目", 2, allowBigUnits: false, out var value, out var length));
        Assert.Equal(300, value);
        Assert.Equal(3, length);
    }
}
