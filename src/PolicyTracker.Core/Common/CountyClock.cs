namespace PolicyTracker.Core.Common;

/// <summary>Settings of the county the service runs for.</summary>
public sealed class CountyOptions
{
    public const string Section = "County";
    public string Name { get; set; } = "";
    /// <summary>IANA id; days people mean ("6月底前") are days in this zone.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

/// <summary>The county's calendar: instants are UTC, days are <see cref="DateOnly"/> in the county's time zone.</summary>
public sealed class CountyClock(TimeProvider time, TimeZoneInfo zone)
{
    public static TimeZoneInfo ResolveZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            // Machines without tzdata: China has had no daylight saving since 1991, so a fixed offset is exact.
            if (id == "Asia/Shanghai") return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, id);
            throw;
        }
    }

    public TimeZoneInfo Zone => zone;
    public DateTimeOffset Now => time.GetUtcNow();
    public DateOnly Today => DayOf(Now);
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant a county day begins.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
