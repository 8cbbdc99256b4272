using System.Text;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Finds the Redis password a TodoApp's pods will use: the user's Secret (checked to have opted in, to exist and to hold
/// a usable password), or the generated Secret's, or a new one the first time; and its <see cref="PasswordResolution.Version"/>,
/// which the pod templates carry so that a new password rolls the pods. Problems a human must fix come back as a
/// <see cref="ReconcileFailure"/>; the value itself is never logged or put in a message.
/// </summary>
internal sealed class RedisPasswordResolver(IResourceClient client, IInformerCache cache, GeneratedPasswords generated)
{
    private static readonly ResourceType SecretType = ResourceType.Of<V1Secret>();
    private static readonly ResourceType StatefulSetType = ResourceType.Of<V1StatefulSet>();

    /// <summary>
    /// With an existing Secret, whether it holds a usable password; otherwise the generated password, the one
    /// already stored or else a new one. A cache miss is confirmed against the API server first, because
    /// generating on a stale cache would silently rotate the password of a running Redis; except for an app that was
    /// never reconciled (<see cref="IsNew"/>), whose first reconcile then reads nothing.
    /// </summary>
    public async Task<PasswordResolution> ResolveAsync(TodoApp app, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        if (app.Spec.Redis.Password.ExistingSecret is { } reference)
        {
            // Only Secrets labelled as Redis passwords are watched and read: a TodoApp's author must not be able to have the
            // operator hand any Secret of the namespace to an image of their choosing.
            var secret = cache.Get(SecretType, ns, reference.Name) is { } cached && RedisPassword.OptedIn(cached)
                ? Observed.As<V1Secret>(cached)
                : null;
            return secret switch
            {
                null => PasswordResolution.Missing(new ReconcileFailure(
                    "PasswordSecretNotFound",
                    $"spec.redis.password.existingSecret names Secret '{reference.Name}', which is not among the Secrets of namespace '{ns}' labelled "
                    + $"{RedisPassword.OptInSelector}: create it with that label, or label it (kubectl label secret {reference.Name} -n {ns} "
                    + $"{RedisPassword.OptInSelector}) to allow its use as a Redis password, or remove existingSecret to let the operator generate one.")),
                { Data: { } data } when data.TryGetValue(reference.Key, out var value) && value.Length > 0 =>
                    RedisPassword.IsSupported(value)
                        ? PasswordResolution.External(RedisPassword.VersionOf(secret))
                        : PasswordResolution.Missing(new ReconcileFailure(
                            "PasswordNotSupported",
                            $"The password in Secret '{reference.Name}' key '{reference.Key}' contains a double quote, a backslash or a control character, which Redis' config file cannot hold; choose another password.",
                            NeedsAction: true)),
                _ => PasswordResolution.Missing(new ReconcileFailure(
                    "PasswordSecretKeyMissing",
                    $"Secret '{reference.Name}' has no non-empty key '{reference.Key}'; add it or point spec.redis.password.existingSecret.key at the key that holds the password.")),
            };
        }

        var name = ChildNames.RedisPasswordSecret(app);
        var inCache = cache.Get(SecretType, ns, name) is { } found ? Observed.As<V1Secret>(found) : null;
        if (inCache is not null)
        {
            generated.Seen(app.Metadata.Uid);
        }

        var isNew = inCache is null && IsNew(app);
        var stored = inCache ?? (isNew ? null : await client.GetAsync<V1Secret>(SecretType, ns, name, cancellationToken));
        var startOver = $"To start over with a new password, delete StatefulSet '{ChildNames.Redis(app)}' ({KeepingTheVolume(app)}) and Secret '{name}', "
            + $"then restart the API with 'kubectl rollout restart deployment {ChildNames.TodoApi(app)} -n {ns}'.";
        if (stored is null)
        {
            // A new password while Redis runs with the old one would lock out every API pod started from now on.
            if (!isNew && await RedisUsesSecretAsync(app, name, cancellationToken))
            {
                return PasswordResolution.Missing(new ReconcileFailure(
                    "PasswordSecretDeleted",
                    $"Secret '{name}' was deleted while Redis still uses the password it held. Restore it from a backup. {startOver}",
                    NeedsAction: true));
            }

            generated.Generated(app.Metadata.Uid);
            return PasswordResolution.FromGenerated(RedisPassword.Generate());
        }

        return RedisPasswordSecret.StoredPassword(stored) is { } storedPassword && RedisPassword.IsSupported(Encoding.UTF8.GetBytes(storedPassword))
            ? PasswordResolution.FromGenerated(storedPassword)
            : PasswordResolution.Missing(new ReconcileFailure(
                "PasswordSecretEmptied",
                $"Secret '{name}' no longer holds a usable password under key '{RedisPassword.GeneratedKey}' (it is empty, or has a double quote, a backslash "
                + $"or a control character). Restore the key. {startOver}",
                NeedsAction: true));
    }

    /// <summary>
    /// An app no reconcile has touched: no status (the first reconcile always reports, also when it fails), no Redis
    /// StatefulSet in the synced cache, and no password generated for it by this process (whose Secret the watch may not
    /// have delivered yet, while the status write's echo is late too). Its generated Secret cannot exist but by a restart
    /// of this process between the Secret's apply and the status write, and then the cache, listed after the restart,
    /// shows it.
    /// </summary>
    private bool IsNew(TodoApp app) =>
        app.Status is null
        && !generated.Awaits(app.Metadata.Uid)
        && cache.Get(StatefulSetType, app.Metadata.NamespaceProperty, ChildNames.Redis(app)) is null;

    private static string KeepingTheVolume(TodoApp app) =>
        app.Spec.Redis.Storage.WhenDeleted is RedisDataRetention.Delete ? "with --cascade=orphan, so its volume and data stay" : "its volume and data stay";

    /// <summary>
    /// Whether the Redis StatefulSet's pods read their password from Secret <paramref name="secretName"/>. A cache miss is
    /// confirmed against the API server too: the StatefulSet's watch may lag behind the Secret's, and deciding on it would
    /// generate a new password for a Redis that runs with the deleted one.
    /// </summary>
    private async Task<bool> RedisUsesSecretAsync(TodoApp app, string secretName, CancellationToken cancellationToken)
    {
        var ns = app.Metadata.NamespaceProperty;
        var statefulSet = cache.Get(StatefulSetType, ns, ChildNames.Redis(app)) is { } cached
            ? Observed.As<V1StatefulSet>(cached)
            : await client.GetAsync<V1StatefulSet>(StatefulSetType, ns, ChildNames.Redis(app), cancellationToken);
        return statefulSet?.Spec?.Template?.Spec?.Containers is { } containers
            && containers.SelectMany(container => container.Env ?? []).Any(variable => variable.ValueFrom?.SecretKeyRef?.Name == secretName);
    }

    /// <summary>
    /// Where the Redis password comes from for this reconcile: the generated one (to write into its Secret), and the
    /// version of the password in use, or the failure that stops the reconcile.
    /// </summary>
    public sealed record PasswordResolution(string? Generated, string? Version, ReconcileFailure? Failure)
    {
        public static PasswordResolution External(string version) => new(null, version, null);

        public static PasswordResolution FromGenerated(string password) => new(password, RedisPassword.VersionOf(password), null);

        public static PasswordResolution Missing(ReconcileFailure failure) => new(null, null, failure);
    }
}
