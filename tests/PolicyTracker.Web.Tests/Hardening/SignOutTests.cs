using System.Net;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Tracking;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>A lock signs an account out everywhere: its cookies stop working once Identity re-checks them (30 minutes).</summary>
public sealed class SignOutTests
{
    [Fact]
    public async Task A_locked_accounts_cookie_is_refused_once_the_security_stamp_is_checked_again()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staffA = await app.SignInAsync("staffA");
        var admin = await app.SignInAsync("admin");
        var id = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "staffA").Id));

        (await admin.PostAsync($"/api/admin/users/{id}/lock", null)).EnsureSuccessStatusCode();
        // Within the interval the cookie is not re-checked.
        app.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await staffA.GetAsync("/api/tasks")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await staffA.GetAsync("/api/tasks")).StatusCode);
        // An account that was not locked keeps working past the interval (its stamp is checked and still matches).
        var staffC = await app.SignInAsync("staffC");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.OK, (await staffC.GetAsync($"/api/tasks/{w.TaskC}")).StatusCode);
    }
}
