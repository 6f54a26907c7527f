-- LLM calls and storage are spent inside the services (knowledge-hub embeds and reranks, the
-- workflow engine's Guardian judges), so they meter them here through two functions rather than
-- through the gateway: one SQL round trip on a pool they already hold, atomic under concurrency,
-- and it works for background work (crawls, the Guardian) that no request carries. The functions
-- run as the owner and answer for the one tenant named; the counters stay the gateway's table.

-- Adds p_amount to a monthly counter. With p_enforce, an amount that would take the counter past
-- the plan's limit is refused and nothing is added. No row: no such tenant.
CREATE FUNCTION consume_usage(p_tenant TEXT, p_metric TEXT, p_amount BIGINT, p_enforce BOOLEAN)
RETURNS TABLE (allowed BOOLEAN, used BIGINT, max_value BIGINT, plan TEXT, period DATE)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = devflow, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_tenant  UUID;
    v_plan    TEXT;
    v_limit   BIGINT;
    v_period  DATE := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    v_value   BIGINT;
BEGIN
    IF p_metric <> 'llmCalls' THEN
        RAISE EXCEPTION 'unknown monthly metric %', p_metric USING ERRCODE = '22023';
    END IF;
    IF p_amount < 0 THEN
        RAISE EXCEPTION 'amount must not be negative' USING ERRCODE = '22023';
    END IF;
    SELECT t.id, t.plan, p.max_llm_calls_per_month INTO v_tenant, v_plan, v_limit
      FROM tenants t JOIN plans p ON p.id = t.plan
     WHERE t.slug = p_tenant;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- the counters are row-level secured; this transaction acts for the one tenant
    PERFORM set_config('app.current_tenant', v_tenant::text, true);
    INSERT INTO usage_counters (tenant_id, period, metric, value)
         VALUES (v_tenant, v_period, p_metric, 0)
    ON CONFLICT (tenant_id, period, metric) DO NOTHING;
    -- the row lock taken here orders concurrent consumers: no two can both take the last call
    UPDATE usage_counters c SET value = c.value + p_amount
     WHERE c.tenant_id = v_tenant AND c.period = v_period AND c.metric = p_metric
       AND (NOT p_enforce OR v_limit IS NULL OR c.value + p_amount <= v_limit)
    RETURNING c.value INTO v_value;
    IF FOUND THEN
        RETURN QUERY SELECT true, v_value, v_limit, v_plan, v_period;
    ELSE
        SELECT c.value INTO v_value FROM usage_counters c
         WHERE c.tenant_id = v_tenant AND c.period = v_period AND c.metric = p_metric;
        RETURN QUERY SELECT false, v_value, v_limit, v_plan, v_period;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION consume_usage(TEXT, TEXT, BIGINT, BOOLEAN) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION consume_usage(TEXT, TEXT, BIGINT, BOOLEAN) TO devflow_app;

-- Sets a running total the service measured (storage in bytes) and answers the plan's limit.
-- A negative p_value only reads. No row: no such tenant.
CREATE FUNCTION report_usage(p_tenant TEXT, p_metric TEXT, p_value BIGINT)
RETURNS TABLE (used BIGINT, max_value BIGINT, plan TEXT)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = devflow, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_tenant  UUID;
    v_plan    TEXT;
    v_limit   BIGINT;
    v_value   BIGINT;
BEGIN
    IF p_metric <> 'storageBytes' THEN
        RAISE EXCEPTION 'unknown total metric %', p_metric USING ERRCODE = '22023';
    END IF;
    SELECT t.id, t.plan, p.max_storage_bytes INTO v_tenant, v_plan, v_limit
      FROM tenants t JOIN plans p ON p.id = t.plan
     WHERE t.slug = p_tenant;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('app.current_tenant', v_tenant::text, true);
    IF p_value >= 0 THEN
        INSERT INTO usage_counters (tenant_id, period, metric, value)
             VALUES (v_tenant, DATE '1970-01-01', p_metric, p_value)
        ON CONFLICT (tenant_id, period, metric) DO UPDATE SET value = EXCLUDED.value;
        v_value := p_value;
    ELSE
        SELECT c.value INTO v_value FROM usage_counters c
         WHERE c.tenant_id = v_tenant AND c.period = DATE '1970-01-01' AND c.metric = p_metric;
    END IF;
    RETURN QUERY SELECT coalesce(v_value, 0), v_limit, v_plan;
END
$$;
REVOKE ALL ON FUNCTION report_usage(TEXT, TEXT, BIGINT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION report_usage(TEXT, TEXT, BIGINT) TO devflow_app;
