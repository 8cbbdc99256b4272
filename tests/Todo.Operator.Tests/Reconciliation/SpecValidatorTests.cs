using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

public sealed class SpecValidatorTests
{
    [Fact]
    public void A_complete_spec_has_no_problems()
    {
        Assert.Empty(SpecValidator.Validate(TestApps.FullyFeatured()));
    }

    [Fact]
    public void Min_above_max_is_reported_with_both_values()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { MinReplicas = 6, MaxReplicas = 3 })));

        Assert.Equal("InvalidAutoscaling", problem.Reason);
        Assert.Contains("minReplicas (6)", problem.Message, StringComparison.Ordinal);
        Assert.Contains("maxReplicas (3)", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my.app")]
    [InlineData("1todo")]
    public void A_name_that_cannot_name_a_service_is_rejected_before_anything_is_applied(string name)
    {
        var app = TestApps.Create();
        app.Metadata.Name = name;

        var problem = Assert.Single(SpecValidator.Validate(app));

        Assert.Equal(("metadata.name", "InvalidName"), (problem.Field, problem.Reason));
    }

    /// <summary>The autoscaler would report FailedGetResourceMetric forever while the app shows Ready (review #25).</summary>
    [Fact]
    public void Autoscaling_without_a_cpu_request_is_rejected()
    {
        var app = TestApps.Create(spec => spec.Resources = new k8s.Models.V1ResourceRequirements
        {
            Limits = new Dictionary<string, k8s.Models.ResourceQuantity> { ["memory"] = new("1Gi") },
        });

        var problem = Assert.Single(SpecValidator.Validate(app));

        Assert.Equal(("spec.resources.requests.cpu", "InvalidAutoscaling"), (problem.Field, problem.Reason));
        app.Spec.Autoscaling.Enabled = false;
        Assert.Empty(SpecValidator.Validate(app));
    }

    [Theory]
    [InlineData("/api.*")]
    [InlineData("/a b")]
    [InlineData("//twice")]
    public void An_ingress_path_the_api_cannot_take_as_its_path_base_is_rejected(string path)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Ingress = new IngressSpec { Enabled = true, Path = path })));

        Assert.Equal(("spec.ingress.path", "InvalidPath"), (problem.Field, problem.Reason));
    }

    /// <summary>The API refuses to start on such an entry: caught here, before it becomes a crash loop.</summary>
    [Fact]
    public void A_trusted_proxy_that_is_no_address_or_network_is_rejected()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec =>
            spec.Ingress = new IngressSpec { Enabled = true, TrustedProxies = ["10.42.0.0/16", "traefik"] })));

        Assert.Equal(("spec.ingress.trustedProxies", "InvalidTrustedProxy"), (problem.Field, problem.Reason));
    }

    /// <summary>
    /// The API refuses to start on a limit beyond what it takes (a crash loop), and a burst below the rate would cap the
    /// rate at the burst: refused, naming the field and the values (#17 item 4).
    /// </summary>
    [Theory]
    [InlineData(50, 10, "spec.rateLimit.burst", "burst (10) is below permitsPerSecond (50)")]
    [InlineData(-1, null, "spec.rateLimit.permitsPerSecond", "permitsPerSecond is -1")]
    [InlineData(1_000_001, null, "spec.rateLimit.permitsPerSecond", "permitsPerSecond is 1000001")]
    [InlineData(50, 0, "spec.rateLimit.burst", "burst is 0")]
    [InlineData(50, 1_000_001, "spec.rateLimit.burst", "burst is 1000001")]
    public void A_rate_limit_the_api_would_not_apply_as_written_is_refused_naming_the_field(int permitsPerSecond, int? burst, string field, string message)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.RateLimit = new RateLimitSpec { PermitsPerSecond = permitsPerSecond, Burst = burst })));

        Assert.Equal((field, "InvalidRateLimit"), (problem.Field, problem.Reason));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(0, 5)]
    [InlineData(50, 50)]
    [InlineData(1_000_000, null)]
    [InlineData(1, 1_000_000)]
    public void A_rate_limit_the_api_takes_as_written_is_valid(int permitsPerSecond, int? burst)
    {
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.RateLimit = new RateLimitSpec { PermitsPerSecond = permitsPerSecond, Burst = burst })));
    }

    [Theory]
    [InlineData("0 3 * *", "has 4 fields; a schedule has 5")]
    [InlineData("61 * * * *", "The minute field '61' is not valid")]
    [InlineData("0 24 * * *", "The hour field '24' is not valid")]
    [InlineData("0 3 * * mon", "The day of week field 'mon' is not valid")]
    [InlineData("*/0 * * * *", "The minute field '*/0' is not valid")]
    [InlineData("0 0 30 2 *", "names no day that exists")]
    public void A_backup_schedule_cron_cannot_read_is_refused_naming_the_field(string schedule, string message)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Backup = new RedisBackupSpec { Schedule = schedule })));

        Assert.Equal(("spec.redis.backup.schedule", "InvalidBackupSchedule"), (problem.Field, problem.Reason));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Keeping_no_backup_or_too_many_is_refused(int keep)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Backup = new RedisBackupSpec { Schedule = "* * * * *", Keep = keep })));

        Assert.Equal("spec.redis.backup.keep", problem.Field);
    }

    [Theory]
    [InlineData("* * * * *")]
    [InlineData("0 3 * * *")]
    [InlineData("*/15 9-17 * * 1-5")]
    [InlineData("5/20 0,12 1 */2 7")]
    public void A_standard_backup_schedule_is_valid(string schedule)
    {
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Backup = new RedisBackupSpec { Schedule = schedule, Keep = 1 })));
    }

    [Fact]
    public void An_empty_list_of_dns_servers_is_reported()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.NetworkPolicy.DnsTo = [])));

        Assert.Equal(("spec.networkPolicy.dnsTo", "InvalidNetworkPolicy"), (problem.Field, problem.Reason));
    }

    /// <summary>Naming it would make the operator prune the very Secret the pods read (review #14).</summary>
    [Fact]
    public void An_existing_secret_naming_the_generated_secret_is_rejected()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec =>
            spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "shop-redis-password" })));

        Assert.Equal(("spec.redis.passwordSecretRef.name", "InvalidPasswordSecret"), (problem.Field, problem.Reason));
        Assert.Contains("the Secret the operator generates for this app", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>The operator writes that Secret: naming it would make the app's password whatever the operator keeps there.</summary>
    [Fact]
    public void An_existing_secret_naming_the_users_secret_is_rejected()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec =>
            spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "shop-redis-users" })));

        Assert.Equal(("spec.redis.passwordSecretRef.name", "InvalidPasswordSecret"), (problem.Field, problem.Reason));
        Assert.Contains("internal Redis users", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_of_allowed_sources_is_reported()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.NetworkPolicy.IngressFrom = [])));

        Assert.Equal(("spec.networkPolicy.ingressFrom", "InvalidNetworkPolicy"), (problem.Field, problem.Reason));
    }

    [Fact]
    public void An_allowed_source_without_selectors_is_reported()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.NetworkPolicy.IngressFrom =
            [new NetworkPeer { PodSelector = new Dictionary<string, string> { ["app"] = "traefik" } }, new NetworkPeer()])));

        Assert.Equal(("spec.networkPolicy.ingressFrom[1]", "InvalidNetworkPolicy"), (problem.Field, problem.Reason));
    }

    [Fact]
    public void Allowed_sources_do_not_matter_without_network_policies()
    {
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.NetworkPolicy = new NetworkPolicySpec { Enabled = false, IngressFrom = [] })));
    }

    [Fact]
    public void With_monitoring_and_network_policies_the_scrape_sources_are_checked_like_the_allowed_sources()
    {
        var problems = SpecValidator.Validate(TestApps.Create(spec => spec.Monitoring = new MonitoringSpec { Enabled = true, ScrapeFrom = [new NetworkPeer()] }));

        Assert.Equal(("spec.monitoring.scrapeFrom[0]", "InvalidNetworkPolicy"), (Assert.Single(problems).Field, problems[0].Reason));
        Assert.Equal("spec.monitoring.scrapeFrom", Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Monitoring = new MonitoringSpec { Enabled = true, ScrapeFrom = [] }))).Field);
    }

    [Fact]
    public void Scrape_sources_do_not_matter_without_monitoring_or_without_network_policies()
    {
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.Monitoring = new MonitoringSpec { Enabled = false, ScrapeFrom = [] })));
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec =>
        {
            spec.Monitoring = new MonitoringSpec { Enabled = true, ScrapeFrom = [] };
            spec.NetworkPolicy.Enabled = false;
        })));
    }

    [Fact]
    public void Min_above_max_does_not_matter_without_autoscaling()
    {
        Assert.Empty(SpecValidator.Validate(TestApps.Create(spec => spec.Autoscaling = new AutoscalingSpec { Enabled = false, MinReplicas = 6, MaxReplicas = 3 })));
    }

    [Theory]
    [InlineData("Todo.Example.com")]
    [InlineData("todo_app.example.com")]
    [InlineData("-todo.example.com")]
    [InlineData("todo..example.com")]
    [InlineData("https://todo.example.com")]
    public void Host_that_is_not_a_dns_name_is_reported(string host)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Ingress = new IngressSpec { Enabled = true, Host = host })));

        Assert.Equal("InvalidHost", problem.Reason);
        Assert.Equal("spec.ingress.host", problem.Field);
        Assert.Contains(host, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_without_host_is_reported()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Ingress = new IngressSpec { Enabled = true, Tls = new IngressTlsSpec() })));

        Assert.Equal("TlsWithoutHost", problem.Reason);
    }

    [Fact]
    public void Both_issuers_are_reported()
    {
        var app = TestApps.Create(spec => spec.Ingress = new IngressSpec
        {
            Enabled = true,
            Host = "todo.example.com",
            Tls = new IngressTlsSpec { Issuer = "a", ClusterIssuer = "b" },
        });

        Assert.Equal("ConflictingIssuers", Assert.Single(SpecValidator.Validate(app)).Reason);
    }

    [Theory]
    [InlineData("latest", "UnpinnedImage")]
    [InlineData("LATEST", "UnpinnedImage")]
    [InlineData("", "InvalidImage")]
    [InlineData("1.0 beta", "InvalidImage")]
    public void Unpinned_or_malformed_tags_are_reported(string tag, string reason)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Image.Tag = tag)));

        Assert.Equal(reason, problem.Reason);
        Assert.Equal("spec.image.tag", problem.Field);
    }

    [Theory]
    [InlineData("Registry.example.com/todo")]
    [InlineData("todo:1.0")]
    [InlineData("")]
    public void Malformed_repositories_are_reported(string repository)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Image.Repository = repository)));

        Assert.Equal("InvalidImage", problem.Reason);
    }

    [Fact]
    public void Redis_image_is_checked_too()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Image.Tag = "latest")));

        Assert.Equal("spec.redis.image.tag", problem.Field);
    }

    [Fact]
    public void Long_names_are_reported()
    {
        var app = TestApps.Create();
        app.Metadata.Name = new string('a', SpecValidator.MaxNameLength + 1);

        Assert.Equal("NameTooLong", Assert.Single(SpecValidator.Validate(app)).Reason);
    }

    [Theory]
    [InlineData("1Gi", true)]
    [InlineData("500Mi", true)]
    [InlineData("1.5Gi", true)]
    [InlineData("lots", false)]
    [InlineData("1 Gi", false)]
    public void Storage_size_must_be_a_quantity(string size, bool valid)
    {
        var problems = SpecValidator.Validate(TestApps.Create(spec => spec.Redis.Storage.Size = size));

        Assert.Equal(valid, problems.Count == 0);
    }

    [Fact]
    public void Existing_secret_must_be_a_secret_name()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestApps.Create(spec =>
            spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "Not_A_Name" })));

        Assert.Equal("InvalidPasswordSecret", problem.Reason);
    }

    [Fact]
    public void Several_problems_are_all_reported()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Image.Tag = "latest";
            spec.Autoscaling = new AutoscalingSpec { MinReplicas = 4, MaxReplicas = 2 };
        });

        Assert.Equal(["UnpinnedImage", "InvalidAutoscaling"], SpecValidator.Validate(app).Select(problem => problem.Reason));
    }
}
