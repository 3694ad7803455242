-- Whether a tenant has a module switched on; a tenant without a row yet has every module, as the
-- tenants table's default says. A function so that the check can open a transaction inside the
-- same simple-query message as entering the tenant and still run a kept plan: PL/pgSQL prepares its
-- query once per connection, where the same query written out would be planned on every call.
-- It runs as its caller, so row-level security on tenants applies as to the query itself.
CREATE FUNCTION module_switched_on(tenant_key text, module_name text) RETURNS boolean
  LANGUAGE plpgsql STABLE
AS $$
BEGIN
  RETURN coalesce((SELECT module_name = ANY (t.modules) FROM tenants t WHERE t.id = tenant_key), true);
END
$$;
