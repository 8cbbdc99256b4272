using System.Text.RegularExpressions;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Checks what the CRD schema cannot express (relations between fields, DNS names, pinned tags) or what
/// an older API server may not have enforced. A spec with problems is not applied at all, so an invalid
/// change never leaves half of the children updated.
/// </summary>
internal static partial class SpecValidator
{
    /// <summary>Children append up to <see cref="ChildNames.LongestSuffix"/> characters, and StatefulSet pods a revision hash.</summary>
    public const int MaxNameLength = 40;

    public static IReadOnlyList<SpecProblem> Validate(TodoApp app)
    {
        var problems = new List<SpecProblem>();
        var spec = app.Spec;

        if (app.Metadata.Name is { Length: > MaxNameLength } name)
        {
            problems.Add(new("metadata.name", "NameTooLong",
                $"The name '{name}' has {name.Length} characters; use at most {MaxNameLength} so the children's names stay valid."));
        }
        else if (!DnsLabelRegex().IsMatch(app.Metadata.Name ?? string.Empty))
        {
            // A TodoApp may be named like a DNS subdomain ("my.app", "1todo"); its Services may not (RFC 1035 labels).
            problems.Add(new("metadata.name", "InvalidName",
                $"The name '{app.Metadata.Name}' cannot name the app's Services: use lower-case letters, digits and '-', starting with a letter "
                + "and ending with a letter or digit (no dots); rename the TodoApp."));
        }

        CheckImage(problems, "spec.image", spec.Image);
        CheckImage(problems, "spec.redis.image", spec.Redis.Image);
        if (spec.Redis.Exporter.Enabled)
        {
            CheckImage(problems, "spec.redis.exporter.image", spec.Redis.Exporter.Image);
        }

        CheckScale(problems, spec);
        CheckRedis(problems, app, spec.Redis);
        CheckSentinel(problems, spec.Redis);
        CheckRedisTls(problems, spec.Redis.Tls);
        CheckIngress(problems, spec.Ingress);
        CheckNetworkPolicy(problems, spec.NetworkPolicy);
        CheckMonitoring(problems, spec);
        CheckRateLimit(problems, spec.RateLimit);
        CheckBackup(problems, spec.Redis.Backup);
        return problems;
    }

    private static void CheckImage(List<SpecProblem> problems, string field, ImageReference image)
    {
        if (!RepositoryRegex().IsMatch(image.Repository))
        {
            problems.Add(new($"{field}.repository", "InvalidImage",
                $"'{image.Repository}' is not an image repository; write it like 'registry.example.com/team/todo-api', lower case, without a tag."));
        }

        if (string.Equals(image.Tag, "latest", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new($"{field}.tag", "UnpinnedImage",
                "The tag 'latest' does not identify one build; pin a version such as '1.4.2'."));
        }
        else if (!TagRegex().IsMatch(image.Tag))
        {
            problems.Add(new($"{field}.tag", "InvalidImage",
                $"'{image.Tag}' is not an image tag; use letters, digits, '.', '_' and '-' (at most 128 characters)."));
        }
    }

    private static void CheckScale(List<SpecProblem> problems, TodoAppSpec spec)
    {
        var autoscaling = spec.Autoscaling;
        if (autoscaling.Enabled)
        {
            if (autoscaling.MinReplicas < 1)
            {
                problems.Add(new("spec.autoscaling.minReplicas", "InvalidAutoscaling",
                    $"minReplicas is {autoscaling.MinReplicas}; the autoscaler needs at least 1."));
            }

            if (autoscaling.MinReplicas > autoscaling.MaxReplicas)
            {
                problems.Add(new("spec.autoscaling", "InvalidAutoscaling",
                    $"minReplicas ({autoscaling.MinReplicas}) is greater than maxReplicas ({autoscaling.MaxReplicas}); lower minReplicas or raise maxReplicas."));
            }

            if (spec.Resources.Requests?.ContainsKey("cpu") is not true)
            {
                problems.Add(new("spec.resources.requests.cpu", "InvalidAutoscaling",
                    "Autoscaling on CPU needs a CPU request (the autoscaler measures utilisation against it, and without one never scales); "
                    + "set spec.resources.requests.cpu, e.g. '100m', or turn autoscaling off."));
            }

            if (autoscaling.TargetCpuUtilizationPercentage is < 1 or > 100)
            {
                problems.Add(new("spec.autoscaling.targetCPUUtilizationPercentage", "InvalidAutoscaling",
                    $"targetCPUUtilizationPercentage is {autoscaling.TargetCpuUtilizationPercentage}; use a percentage from 1 to 100."));
            }
        }

        if (spec.Replicas is < 0)
        {
            problems.Add(new("spec.replicas", "InvalidReplicas", $"replicas is {spec.Replicas}; it cannot be negative."));
        }
    }

    private static void CheckRedis(List<SpecProblem> problems, TodoApp app, RedisSpec redis)
    {
        if (!QuantityRegex().IsMatch(redis.Storage.Size))
        {
            problems.Add(new("spec.redis.storage.size", "InvalidStorageSize",
                $"'{redis.Storage.Size}' is not a storage quantity; write it like '1Gi' or '500Mi'."));
        }

        if (redis.Resources?.Limits?.TryGetValue("memory", out var memory) is true && RedisContainers.MaxMemory(memory) is null)
        {
            problems.Add(new("spec.redis.resources.limits.memory", "InvalidMemoryLimit",
                $"'{memory}' is more memory than Redis can be given: its maxmemory, three quarters of the limit, counts bytes in "
                + "64 bits (at most 8Ei as a limit); write the container's real limit, like '256Mi' or '4Gi'."));
        }

        if (redis.Restore is { } restore)
        {
            CheckRestore(problems, redis, restore);
        }

        if (redis.PasswordSecretRef is { } secret)
        {
            if (!DnsSubdomainRegex().IsMatch(secret.Name))
            {
                problems.Add(new("spec.redis.passwordSecretRef.name", "InvalidPasswordSecret",
                    $"'{secret.Name}' is not a Secret name; name a Secret in the TodoApp's namespace."));
            }
            else if (secret.Name == ChildNames.RedisPasswordSecret(app))
            {
                // The operator deletes its generated Secret once an existing one is named: here the very Secret the pods read.
                problems.Add(new("spec.redis.passwordSecretRef.name", "InvalidPasswordSecret",
                    $"'{secret.Name}' is the Secret the operator generates for this app and deletes once passwordSecretRef is set; "
                    + "copy the password into a Secret of another name (labelled " + RedisPasswordRules.OptInSelector + ") and name that one, or remove passwordSecretRef."));
            }
            else if (secret.Name == ChildNames.RedisPasswordKeySecret(app))
            {
                problems.Add(new("spec.redis.passwordSecretRef.name", "InvalidPasswordSecret",
                    $"'{secret.Name}' is the Secret in which the operator keeps this app's password version key; name a Secret of another name."));
            }
            else if (secret.Name == ChildNames.RedisUsersSecret(app))
            {
                problems.Add(new("spec.redis.passwordSecretRef.name", "InvalidPasswordSecret",
                    $"'{secret.Name}' is the Secret in which the operator keeps the passwords of this app's internal Redis users; name a Secret of another name."));
            }

            if (string.IsNullOrEmpty(secret.Key))
            {
                problems.Add(new("spec.redis.passwordSecretRef.key", "InvalidPasswordSecret",
                    "Name the key of the Secret that holds the Redis password."));
            }
        }
    }

    private static void CheckRestore(List<SpecProblem> problems, RedisSpec redis, RedisRestoreSpec restore)
    {
        if (!DnsSubdomainRegex().IsMatch(restore.FromBackup))
        {
            problems.Add(new("spec.redis.restore.fromBackup", "InvalidBackupName", $"'{restore.FromBackup}' cannot name a TodoAppBackup; give the name of one in this namespace."));
        }

        if (redis.Persistence is not RedisPersistence.Aof)
        {
            problems.Add(new("spec.redis.restore", "RestoreNeedsPersistence",
                "A restore starts Redis from a file on its volume; with persistence None Redis has none. Use persistence AOF."));
        }
    }

    private static void CheckIngress(List<SpecProblem> problems, IngressSpec ingress)
    {
        if (!ingress.Enabled)
        {
            return;
        }

        if (ingress.Host is { } host && (host.Length > 253 || !DnsSubdomainRegex().IsMatch(host)))
        {
            problems.Add(new("spec.ingress.host", "InvalidHost",
                $"'{host}' is not a DNS name; use lower-case labels of letters, digits and '-' separated by dots, e.g. 'todo.example.com'."));
        }

        if (ingress.Tls is { } tls)
        {
            if (string.IsNullOrEmpty(ingress.Host))
            {
                problems.Add(new("spec.ingress.tls", "TlsWithoutHost",
                    "TLS needs spec.ingress.host: a certificate is issued for a name; set the host or remove tls."));
            }

            if (tls is { ClusterIssuer.Length: > 0, Issuer.Length: > 0 })
            {
                problems.Add(new("spec.ingress.tls", "ConflictingIssuers",
                    "Set either tls.clusterIssuer or tls.issuer, not both: cert-manager uses one issuer per certificate."));
            }

            if (tls.SecretName is { } secretName && !DnsSubdomainRegex().IsMatch(secretName))
            {
                problems.Add(new("spec.ingress.tls.secretName", "InvalidTlsSecret", $"'{secretName}' is not a Secret name."));
            }
        }

        if (!PathRegex().IsMatch(ingress.Path))
        {
            problems.Add(new("spec.ingress.path", "InvalidPath",
                $"The path '{ingress.Path}' is not a path prefix: use '/' or segments of letters, digits, '.', '_', '~' and '-', e.g. '/todo'."));
        }

        foreach (var proxy in ingress.TrustedProxies.Where(proxy => !System.Net.IPNetwork.TryParse(proxy, out _) && !System.Net.IPAddress.TryParse(proxy, out _)))
        {
            // The API refuses to start on such an entry: caught here, it cannot become a crash loop.
            problems.Add(new("spec.ingress.trustedProxies", "InvalidTrustedProxy",
                $"'{proxy}' is neither an IP address nor a CIDR network such as 10.42.0.0/16."));
        }

        if (string.IsNullOrWhiteSpace(ingress.ClassName))
        {
            problems.Add(new("spec.ingress.className", "InvalidIngressClass", "Name an IngressClass, e.g. 'traefik'."));
        }
    }

    private static void CheckNetworkPolicy(List<SpecProblem> problems, NetworkPolicySpec policy)
    {
        if (!policy.Enabled)
        {
            return;
        }

        CheckPeers(problems, "spec.networkPolicy.ingressFrom", policy.IngressFrom,
            "List at least one source allowed to reach the API (e.g. the ingress controller's pods), or set networkPolicy.enabled to false.");
        CheckPeers(problems, "spec.networkPolicy.dnsTo", policy.DnsTo,
            "List the cluster DNS pods (e.g. kube-system's k8s-app=kube-dns): without DNS the API cannot find Redis.");
    }

    private static void CheckMonitoring(List<SpecProblem> problems, TodoAppSpec spec)
    {
        if (spec.Monitoring.Enabled && spec.NetworkPolicy.Enabled)
        {
            CheckPeers(problems, "spec.monitoring.scrapeFrom", spec.Monitoring.ScrapeFrom,
                "List at least one source allowed to scrape the API's metrics (e.g. the Prometheus pods), or set monitoring.enabled to false.");
        }
    }

    /// <summary>
    /// In a NetworkPolicy an empty peer list, or a peer without selectors, admits every source: the opposite of what
    /// someone listing allowed sources means.
    /// </summary>
    private static void CheckPeers(List<SpecProblem> problems, string field, IList<NetworkPeer> peers, string whenEmpty)
    {
        if (peers.Count == 0)
        {
            problems.Add(new(field, "InvalidNetworkPolicy", whenEmpty));
        }

        for (var i = 0; i < peers.Count; i++)
        {
            if (peers[i] is { NamespaceSelector: null or { Count: 0 }, PodSelector: null or { Count: 0 } })
            {
                problems.Add(new($"{field}[{i}]", "InvalidNetworkPolicy",
                    "A source needs a namespaceSelector or a podSelector with at least one label; an empty one would admit all traffic."));
            }
        }
    }

    [GeneratedRegex(ImageReference.RepositoryPattern)]
    private static partial Regex RepositoryRegex();

    [GeneratedRegex(ImageReference.TagPattern)]
    private static partial Regex TagRegex();

    [GeneratedRegex(IngressSpec.PathPattern)]
    private static partial Regex PathRegex();

    [GeneratedRegex(RedisStorageSpec.QuantityPattern)]
    private static partial Regex QuantityRegex();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabelRegex();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomainRegex();
}
