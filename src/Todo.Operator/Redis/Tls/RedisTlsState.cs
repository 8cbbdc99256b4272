namespace Todo.Operator.Redis.Tls;

/// <summary>
/// What <see cref="RedisTlsCertificates"/> found for a TLS app: the files its pods mount, and the operator's CA that signed
/// them (null when cert-manager issues them).
/// </summary>
internal sealed record RedisTlsState(RedisTlsFiles Files, RedisAuthority? Authority);
