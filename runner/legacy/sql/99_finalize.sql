-- Finalise the synthetic legacy database:
-- 1. every table holds exactly the row count synthetic.counts promised;
-- 2. every ENFORCED foreign key of the legacy DDL holds (rows were loaded with FK triggers off);
-- 3. sequences and identity columns continue after the generated ids.
do $$
declare
    t record;
    fk record;
    bad bigint;
    got bigint;
begin
    for t in select table_name, n from synthetic.counts order by table_name loop
        execute format('select count(*) from public.%I', t.table_name) into got;
        if got <> t.n then
            raise exception 'synthetic: % has % rows, counts promised %', t.table_name, got, t.n;
        end if;
    end loop;

    for fk in
        select
            c.conrelid::regclass as child,
            c.confrelid::regclass as parent,
            a.attname as child_col,
            pa.attname as parent_col,
            c.conname
        from pg_constraint as c
        inner join pg_attribute as a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        inner join pg_attribute as pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace
    loop
        execute format(
            'select count(*) from %s as c where c.%I is not null
               and not exists (select from %s as p where p.%I = c.%I)',
            fk.child, fk.child_col, fk.parent, fk.parent_col, fk.child_col
        ) into bad;
        if bad > 0 then
            raise exception 'synthetic: % rows of % break enforced FK % (%.% -> %)',
                bad, fk.child, fk.conname, fk.child, fk.child_col, fk.parent;
        end if;
    end loop;
end
$$;

do $$
declare
    s record;
begin
    for s in
        select
            d.refobjid::regclass as tbl,
            a.attname as col,
            pg_get_serial_sequence(d.refobjid::regclass::text, a.attname) as seq
        from pg_depend as d
        inner join pg_class as sc on sc.oid = d.objid and sc.relkind = 'S'
        inner join pg_attribute as a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
        where d.deptype in ('a', 'i') and sc.relnamespace = 'public'::regnamespace
    loop
        execute format(
            'select setval(%L, coalesce((select max(%I) from %s), 0) + 1, false)',
            s.seq, s.col, s.tbl
        );
    end loop;
end
$$;
