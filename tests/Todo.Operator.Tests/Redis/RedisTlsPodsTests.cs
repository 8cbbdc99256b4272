using k8s.Models;
using Todo.Operator.Backups;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Redis.Tls;
using Todo.Operator.Tests.Backups;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Redis;

/// <summary>What spec.redis.tls changes in the pods: every pod that serves or uses Redis mounts the files and uses them.</summary>
public sealed class RedisTlsPodsTests
{
    private static TodoApp SentinelApp()
    {
        var app = TestApps.WithRedisTls();
        app.Spec.Redis.Mode = RedisMode.Sentinel;
        app.Spec.Redis.Exporter.Enabled = true;
        return app;
    }

    [Fact]
    public void Data_pods_listen_on_tls_only_require_client_certificates_replicate_over_tls_and_probe_with_the_files()
    {
        var template = ((V1StatefulSet)new RedisStatefulSet().Desired(SentinelApp(), Contexts.CurrentWithTls)).Spec.Template;
        var redis = template.Spec.Containers.Single(container => container.Name == "redis");

        Assert.Equal(Contexts.Tls.Files.Version, template.Metadata.Annotations[RedisTls.VersionAnnotation]);
        Assert.Equal("shop-redis-tls", template.Spec.Volumes.Single(volume => volume.Name == "redis-tls").Secret.SecretName);
        Assert.All(template.Spec.Containers, container => Assert.Contains(container.VolumeMounts, mount => mount.MountPath == RedisTls.MountPath && mount.ReadOnlyProperty == true));
        foreach (var line in (string[])["'port 0'", "'tls-port 6379'", "'tls-auth-clients yes'", "'tls-replication yes'", "'tls-ca-cert-file /etc/redis-tls/ca.crt'"])
        {
            Assert.Contains(line, redis.Command[2], StringComparison.Ordinal);
        }

        Assert.Contains("--tls --cacert /etc/redis-tls/ca.crt --cert /etc/redis-tls/tls.crt --key /etc/redis-tls/tls.key", redis.ReadinessProbe.Exec.Command[2], StringComparison.Ordinal);
        Assert.Contains("--tls", redis.Lifecycle.PreStop.Exec.Command[2], StringComparison.Ordinal);
        var exporter = template.Spec.Containers.Single(container => container.Name == "exporter");
        Assert.Equal("rediss://localhost:6379", exporter.Env.Single(variable => variable.Name == "REDIS_ADDR").Value);
        Assert.Contains(exporter.Env, variable => variable.Name == "REDIS_EXPORTER_TLS_CLIENT_CERT_FILE");
    }

    [Fact]
    public void Sentinels_listen_and_reach_the_data_pods_over_tls()
    {
        var template = ((V1StatefulSet)SentinelMembers.StatefulSet.Desired(SentinelApp(), Contexts.CurrentWithTls)).Spec.Template;
        var sentinel = template.Spec.Containers.Single();

        Assert.Contains("'port 0' 'tls-port 26379'", sentinel.Command[2], StringComparison.Ordinal);
        Assert.DoesNotContain("'port 26379'", sentinel.Command[2], StringComparison.Ordinal);
        Assert.Contains("--tls", sentinel.ReadinessProbe.Exec.Command[2], StringComparison.Ordinal);
        Assert.Contains(template.Spec.Volumes, volume => volume.Secret?.SecretName == "shop-redis-tls");
    }

    [Fact]
    public void The_api_verifies_redis_by_the_apps_ca_and_presents_the_apps_certificate()
    {
        var template = ((V1Deployment)new TodoApiDeployment().Desired(SentinelApp(), Contexts.CurrentWithTls)).Spec.Template;
        var environment = template.Spec.Containers[0].Env.ToDictionary(variable => variable.Name, variable => variable.Value);

        Assert.Equal("true", environment["Redis__Ssl"]);
        Assert.Equal("/etc/redis-tls/ca.crt", environment["Redis__CaCertificatePath"]);
        Assert.Equal("/etc/redis-tls/tls.crt", environment["Redis__ClientCertificatePath"]);
        Assert.Equal("/etc/redis-tls/tls.key", environment["Redis__ClientKeyPath"]);
        Assert.Equal(Contexts.Tls.Files.Version, template.Metadata.Annotations[RedisTls.VersionAnnotation]);
    }

    [Fact]
    public void A_backup_connects_with_the_apps_files_and_an_app_without_tls_gets_none_of_it()
    {
        var job = BackupJob.Build(BackupTests.Backup("nightly"), SentinelApp(), []).Spec.Template.Spec;
        var plain = BackupJob.Build(BackupTests.Backup("nightly"), TestApps.Create(), []).Spec.Template.Spec;
        var plainApi = ((V1Deployment)new TodoApiDeployment().Desired(TestApps.Create(), Contexts.Current)).Spec.Template;

        Assert.StartsWith("--tls ", job.Containers[0].Env.Single(variable => variable.Name == "TLS_OPTIONS").Value, StringComparison.Ordinal);
        Assert.Contains(job.Volumes, volume => volume.Secret?.SecretName == "shop-redis-tls");
        Assert.Equal("", plain.Containers[0].Env.Single(variable => variable.Name == "TLS_OPTIONS").Value);
        Assert.DoesNotContain(plain.Volumes, volume => volume.Secret is not null);
        Assert.DoesNotContain(plainApi.Spec.Containers[0].Env, variable => variable.Name.StartsWith("Redis__C", StringComparison.Ordinal));
        Assert.False(plainApi.Metadata.Annotations.ContainsKey(RedisTls.VersionAnnotation));
    }
}
