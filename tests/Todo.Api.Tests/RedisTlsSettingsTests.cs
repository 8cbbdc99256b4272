using Microsoft.Extensions.Options;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>TLS settings that cannot work stop the start with a message naming the setting, never a key's content.</summary>
public sealed class RedisTlsSettingsTests
{
    /// <summary>Validation stops the start before any connection: nothing listens here.</summary>
    private const string NoRedis = "127.0.0.1:9";

    [Fact]
    public void A_client_certificate_without_its_key_stops_the_start()
    {
        using var tls = TlsFiles.Create("localhost");

        var error = StartFails(new() { ["Redis:Ssl"] = "true", ["Redis:ClientCertificatePath"] = tls.CertificatePath });

        Assert.Contains("ClientCertificatePath, ClientKeyPath: set both", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redis:CaCertificatePath")]
    [InlineData("Redis:ClientCertificatePath")]
    public void Certificates_without_ssl_stop_the_start(string key)
    {
        using var tls = TlsFiles.Create("localhost");
        var settings = tls.ApiSettings(tls.CaPath);
        settings.Remove("Redis:Ssl");
        settings.Remove(key == "Redis:CaCertificatePath" ? "Redis:ClientCertificatePath" : "Redis:CaCertificatePath");
        if (key == "Redis:CaCertificatePath")
        {
            settings.Remove("Redis:ClientKeyPath");
        }

        var error = StartFails(settings);

        Assert.Contains(key["Redis:".Length..], error.Message, StringComparison.Ordinal);
        Assert.Contains("set Redis__Ssl=true", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redis:CaCertificatePath")]
    [InlineData("Redis:ClientCertificatePath")]
    [InlineData("Redis:ClientKeyPath")]
    public void A_path_to_no_file_stops_the_start_naming_the_setting(string key)
    {
        using var tls = TlsFiles.Create("localhost");
        var settings = tls.ApiSettings(tls.CaPath);
        settings[key] = Path.Combine(tls.Directory, "missing.pem");

        var error = StartFails(settings);

        Assert.Contains($"{key["Redis:".Length..]}: there is no file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_stops_the_start_without_showing_either_key()
    {
        using var tls = TlsFiles.Create("localhost");
        using var other = TlsFiles.Create("localhost");
        var settings = tls.ApiSettings(tls.CaPath);
        settings["Redis:ClientKeyPath"] = other.KeyPath;

        var error = StartFails(settings);

        Assert.Contains("ClientCertificatePath, ClientKeyPath: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyBody(other.KeyPath), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ca_file_without_a_certificate_stops_the_start_naming_the_setting()
    {
        using var tls = TlsFiles.Create("localhost");
        var settings = tls.ApiSettings(tls.CaPath);
        settings["Redis:CaCertificatePath"] = tls.KeyPath;

        var error = StartFails(settings);

        Assert.Contains($"CaCertificatePath: '{tls.KeyPath}' is not a PEM file of CA certificates", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyBody(tls.KeyPath), error.Message, StringComparison.Ordinal);
    }

    private static OptionsValidationException StartFails(Dictionary<string, string> settings)
    {
        using var api = new TodoApiFactory(NoRedis, settings);
        return Assert.Throws<OptionsValidationException>(() => api.CreateClient());
    }

    /// <summary>The first line of a PEM key's base64, enough to tell whether a message holds any of it.</summary>
    private static string KeyBody(string path) => File.ReadAllLines(path)[1];
}
