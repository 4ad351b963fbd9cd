-- The published schema. Every table is written once by the build (or an ingest) into a new
-- database file, which then replaces the live one atomically. See docs/schema.md.

create table dataset (
    name            varchar not null,
    version         varchar not null,          -- short content hash, shown in the app
    built_at        timestamp not null,        -- UTC; not part of the content hash
    content_hash    varchar not null,          -- sha256 over every published table, sorted
    generator_seed  integer,                   -- seed of the synthetic generator (null if none)
    note            varchar
);

create table raw_file (
    path     varchar primary key,              -- relative to the dataset's raw folder
    sha256   varchar not null,
    bytes    bigint not null
);

create table source (
    source_id  varchar primary key,
    producer   varchar not null,
    title_sv   varchar not null,
    title_en   varchar not null,
    url        varchar not null,
    licence    varchar not null,
    via        varchar not null
);

create table theme (
    theme_id  varchar primary key,
    name_sv   varchar not null,
    name_en   varchar not null
);

create table indicator (
    indicator_id    varchar primary key,
    theme_id        varchar not null references theme (theme_id),
    name_sv         varchar not null,
    name_en         varchar not null,
    description_sv  varchar not null,
    description_en  varchar not null,
    unit            varchar not null,
    direction       integer not null check (direction in (-1, 0, 1)),
    decimals        integer not null,
    best            double,
    worst           double,
    kind            varchar not null,
    aggregation     varchar not null,
    levels          varchar not null,          -- comma-separated area levels
    sexes           varchar not null,          -- comma-separated
    weight          double not null,
    limit_factor    double not null,
    illustrative    boolean not null,
    part_of         varchar,
    spi_dimension   varchar,
    spi_component   varchar,
    source_id       varchar not null references source (source_id),
    licence         varchar not null
);

create table area_level (
    level_id      varchar primary key,
    name_sv       varchar not null,
    name_en       varchar not null,
    parent_level  varchar,
    sort_order    integer not null
);

create table area (
    area_id        varchar primary key,        -- '<level>:<code>', e.g. 'district:2480P05'
    level_id       varchar not null references area_level (level_id),
    code           varchar not null,
    name           varchar not null,           -- proper names are the same in both languages
    parent_id      varchar,                    -- the area one level up (district for a stadsdel)
    vintage        integer,                    -- election year for valdistrikt, else null
    on_map         boolean not null,           -- false for areas without geography
    area_km2       double,
    centroid_lon   double,
    centroid_lat   double,
    geometry_wkb   blob,                       -- full geometry, EPSG:3006
    map_geojson    varchar                     -- simplified WGS84 GeoJSON geometry, rings clockwise
);

create table area_crosswalk (
    from_area_id  varchar not null references area (area_id),
    to_area_id    varchar not null references area (area_id),
    weight        double not null,
    method        varchar not null,            -- 'name_match', 'judgement', 'geometry', ...
    reason        varchar not null,
    primary key (from_area_id, to_area_id)
);

-- observation and score, the two tables with millions of rows at national scale, declare no
-- primary or foreign keys: an index on 15 million rows was most of a national publish's time,
-- memory and a third of its file. store.publish checks the same keys (CHECKED_KEYS) with one
-- query each before the file is sealed, and refuses the whole dataset on a repeat or an orphan.
create table observation (
    indicator_id  varchar not null,            -- key: indicator, area, year, sex (checked)
    area_id       varchar not null,
    year          integer not null,
    sex           varchar not null check (sex in ('total', 'women', 'men')),
    value         double,                      -- null only when suppressed
    numerator     double,
    denominator   double,
    quality       varchar not null check (quality in
                    ('official', 'derived', 'provisional', 'modelled', 'synthetic', 'citizen_pulse')),
    source_id     varchar not null,
    suppressed    boolean not null default false
);

create table target (
    target_id      varchar primary key,
    indicator_id   varchar not null references indicator (indicator_id),
    area_id        varchar not null references area (area_id),
    base_year      integer not null,
    target_year    integer not null,
    target_value   double not null,
    rule           varchar not null,
    name_sv        varchar not null,
    name_en        varchar not null,
    stated_sv      varchar not null,
    stated_en      varchar not null,
    measurable_sv  varchar not null,
    measurable_en  varchar not null
);

-- Derived at build (and ingest) time by indicators/derive.py, so pages never repeat the work.

create table score (                          -- keys checked like observation's
    indicator_id  varchar not null,
    area_id       varchar not null,
    year          integer not null,
    sex           varchar not null,
    score         double not null              -- 0-100 against the fixed anchors
);

create table composite (
    area_id       varchar not null references area (area_id),
    kind          varchar not null check (kind in ('component', 'dimension', 'index', 'theme')),
    group_id      varchar not null,            -- SPI component/dimension name, theme id, 'index'
    score         double,                      -- null below the coverage rule
    coverage      double not null,             -- share of expected members with a score
    n_available   integer not null,
    n_expected    integer not null,
    illustrative  boolean not null,            -- true when any member is synthetic
    primary key (area_id, kind, group_id)
);

create table verdict (
    indicator_id    varchar not null references indicator (indicator_id),
    area_id         varchar not null references area (area_id),
    target_id       varchar,                   -- null: judged on direction only
    status          varchar not null,
    method          varchar not null,
    base_year       integer,
    latest_year     integer,
    base_value      double,
    latest_value    double,
    observed_rate   double,
    required_rate   double,
    ratio           double,
    target_value    double,
    target_year     integer,
    n_observations  integer not null,
    note            varchar,
    weather_status  varchar,
    weather_projected double,
    weather_gap_pct double,
    weather_window_start integer,
    weather_window_end   integer,
    weather_annual_change double,
    illustrative    boolean not null,
    primary key (indicator_id, area_id)
);
