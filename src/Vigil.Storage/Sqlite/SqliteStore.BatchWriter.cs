using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;

namespace Vigil.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// The writer connection's prepared statements and the dimension keys it has seen. Used only under the store's
    /// write gate. Keys learnt inside a transaction are kept only if it commits.
    /// </summary>
    private sealed class BatchWriter : IDisposable
    {
        private static readonly string[] FactColumns =
        [
            "asset_key", "step_ts_ns", "time_key", "source_key", "step", "ticked", "price", "step_return", "volatility", "z_score",
            "return_z", "price_z", "volume_z", "volume", "zscore_score", "price_spike_score", "volume_anomaly_score",
            "volatility_burst_score", "flash_crash_score", "fired",
        ];

        private static readonly string[] StepColumns =
        [
            "step_ts_ns", "time_key", "source_key", "step", "composite", "ready", "warning_open", "severity", "max_abs_z",
            "max_abs_z_symbol", "correlation_breaks", "mean_correlation", "signal_count",
        ];

        private static readonly string[] DetectorColumns = ["step_ts_ns", "detector", "score", "raw", "contribution", "weight"];

        private readonly SqliteConnection _connection;
        private readonly SqliteStoreOptions _options;
        private readonly List<SqliteCommand> _commands = [];
        private readonly Statement _fact;
        private readonly Statement _step;
        private readonly Statement _detector;
        private readonly Statement _time;
        private readonly Statement _assetInsert;
        private readonly Statement _assetSelect;
        private readonly Statement _sourceInsert;
        private readonly Statement _sourceSelect;
        private readonly Statement _event;
        private readonly Statement _warning;
        private readonly Statement _alert;
        private readonly Statement _symbol;
        private readonly Dictionary<string, long> _assets = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, long> _sources = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<long> _times = [];
        private readonly List<(string Symbol, long Key)> _newAssets = [];
        private readonly List<(string Name, long Key)> _newSources = [];
        private readonly List<long> _newTimes = [];

        public BatchWriter(SqliteConnection connection, SqliteStoreOptions options, int commandTimeoutSeconds)
        {
            _connection = connection;
            _options = options;
            _fact = Prepare(Upsert("fact_market_metrics", FactColumns, 2), commandTimeoutSeconds);
            _step = Prepare(Upsert("market_steps", StepColumns, 1), commandTimeoutSeconds);
            _detector = Prepare(Upsert("step_detector_scores", DetectorColumns, 2), commandTimeoutSeconds);
            _time = Prepare("""
                INSERT INTO dim_time (time_key, hour_start_ns, hour_start, date, year, month, day, hour, weekday, is_weekend, session, market_state)
                VALUES ($time_key, $hour_start_ns, $hour_start, $date, $year, $month, $day, $hour, $weekday, $is_weekend, $session, $market_state)
                ON CONFLICT (time_key) DO NOTHING
                """, commandTimeoutSeconds);
            _assetInsert = Prepare("""
                INSERT INTO dim_asset (symbol, name, asset_class, segment, value_kind)
                VALUES ($symbol, $name, $asset_class, $segment, $value_kind)
                ON CONFLICT (symbol) DO NOTHING
                """, commandTimeoutSeconds);
            _assetSelect = Prepare("SELECT asset_key FROM dim_asset WHERE symbol = $symbol", commandTimeoutSeconds);
            _sourceInsert = Prepare("INSERT INTO dim_source (name, description) VALUES ($name, $description) ON CONFLICT (name) DO NOTHING", commandTimeoutSeconds);
            _sourceSelect = Prepare("SELECT source_key FROM dim_source WHERE name = $name", commandTimeoutSeconds);
            _event = Prepare("""
                INSERT INTO warning_events (event_id, warning_id, kind, ts_ns, severity, event)
                VALUES ($event_id, $warning_id, $kind, $ts_ns, $severity, $event)
                ON CONFLICT (event_id) DO NOTHING
                """, commandTimeoutSeconds);

            // An event only moves its warning forward: a replayed older event leaves the row as a newer one left it.
            // A report's fields change only with an event that carries one. An admin's status (manual_status) stands
            // until an event that escalates, re-opens or closes the warning ($overrides), which clears it.
            _warning = Prepare("""
                INSERT INTO warnings (warning_id, opened_at_ns, closed_at_ns, severity, peak_severity, peak_composite, summary, latest_event_id, latest_event,
                                      event_type, status, engine_status, probability, confidence, title, analogue_id, analogue_similarity, report,
                                      status_changed_at_ns, status_changed_by)
                VALUES ($warning_id, $opened_at_ns, $closed_at_ns, $severity, $peak_severity, $peak_composite, $summary, $latest_event_id, $latest_event,
                        $event_type, $status, $status, $probability, $confidence, $title, $analogue_id, $analogue_similarity, $report,
                        $ts_ns, 'engine')
                ON CONFLICT (warning_id) DO UPDATE SET
                    opened_at_ns = excluded.opened_at_ns,
                    closed_at_ns = excluded.closed_at_ns,
                    severity = excluded.severity,
                    peak_severity = MAX(warnings.peak_severity, excluded.peak_severity),
                    peak_composite = MAX(COALESCE(warnings.peak_composite, excluded.peak_composite), COALESCE(excluded.peak_composite, warnings.peak_composite)),
                    summary = excluded.summary,
                    latest_event_id = excluded.latest_event_id,
                    latest_event = excluded.latest_event,
                    event_type = CASE WHEN $has_report THEN excluded.event_type ELSE warnings.event_type END,
                    probability = CASE WHEN $has_report THEN excluded.probability ELSE warnings.probability END,
                    confidence = CASE WHEN $has_report THEN excluded.confidence ELSE warnings.confidence END,
                    title = CASE WHEN $has_report THEN excluded.title ELSE warnings.title END,
                    analogue_id = CASE WHEN $has_report THEN excluded.analogue_id ELSE warnings.analogue_id END,
                    analogue_similarity = CASE WHEN $has_report THEN excluded.analogue_similarity ELSE warnings.analogue_similarity END,
                    report = CASE WHEN $has_report THEN excluded.report ELSE warnings.report END,
                    engine_status = excluded.engine_status,
                    manual_status = CASE WHEN $overrides THEN NULL ELSE warnings.manual_status END,
                    manual_after_event_id = CASE WHEN $overrides THEN NULL ELSE warnings.manual_after_event_id END,
                    status = CASE WHEN warnings.manual_status IS NULL OR $overrides THEN excluded.status ELSE warnings.manual_status END,
                    status_changed_at_ns = CASE WHEN (CASE WHEN warnings.manual_status IS NULL OR $overrides THEN excluded.status ELSE warnings.manual_status END) <> warnings.status
                                                THEN excluded.status_changed_at_ns ELSE warnings.status_changed_at_ns END,
                    status_changed_by = CASE WHEN (CASE WHEN warnings.manual_status IS NULL OR $overrides THEN excluded.status ELSE warnings.manual_status END) <> warnings.status
                                             THEN 'engine' ELSE warnings.status_changed_by END
                WHERE excluded.latest_event_id > warnings.latest_event_id
                """, commandTimeoutSeconds);
            _alert = Prepare("""
                INSERT INTO dim_alert (warning_id, opened_time_key, opened_at_ns, closed_at_ns, severity, peak_severity, peak_composite,
                                       leading_detector, leading_score, leading_contribution, peak_abs_z, peak_abs_z_symbol,
                                       peak_signal_count, peak_correlation_breaks, latest_event_id)
                VALUES ($warning_id, $opened_time_key, $opened_at_ns, $closed_at_ns, $severity, $peak_severity, $peak_composite,
                        $leading_detector, $leading_score, $leading_contribution, $peak_abs_z, $peak_abs_z_symbol,
                        $peak_signal_count, $peak_correlation_breaks, $latest_event_id)
                ON CONFLICT (warning_id) DO UPDATE SET
                    closed_at_ns = excluded.closed_at_ns,
                    severity = excluded.severity,
                    peak_severity = excluded.peak_severity,
                    peak_composite = MAX(COALESCE(dim_alert.peak_composite, excluded.peak_composite), COALESCE(excluded.peak_composite, dim_alert.peak_composite)),
                    leading_detector = CASE WHEN $is_peak THEN excluded.leading_detector ELSE dim_alert.leading_detector END,
                    leading_score = CASE WHEN $is_peak THEN excluded.leading_score ELSE dim_alert.leading_score END,
                    leading_contribution = CASE WHEN $is_peak THEN excluded.leading_contribution ELSE dim_alert.leading_contribution END,
                    peak_abs_z_symbol = CASE WHEN COALESCE(excluded.peak_abs_z, 0) > COALESCE(dim_alert.peak_abs_z, 0)
                                             THEN excluded.peak_abs_z_symbol ELSE dim_alert.peak_abs_z_symbol END,
                    peak_abs_z = MAX(COALESCE(dim_alert.peak_abs_z, 0), COALESCE(excluded.peak_abs_z, 0)),
                    peak_signal_count = MAX(dim_alert.peak_signal_count, excluded.peak_signal_count),
                    peak_correlation_breaks = MAX(dim_alert.peak_correlation_breaks, excluded.peak_correlation_breaks),
                    latest_event_id = excluded.latest_event_id
                WHERE excluded.latest_event_id > dim_alert.latest_event_id
                """, commandTimeoutSeconds);
            _symbol = Prepare("INSERT INTO warning_symbols (symbol, warning_id) VALUES ($symbol, $warning_id) ON CONFLICT DO NOTHING", commandTimeoutSeconds);
            LoadKeys();
        }

        public void Write(StoreBatch batch)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            try
            {
                foreach (var command in _commands)
                {
                    command.Transaction = transaction;
                }

                foreach (var step in batch.Steps)
                {
                    WriteStep(step);
                }

                if (batch.Warnings.Count > 0)
                {
                    var warnings = batch.Warnings.ToArray();
                    Array.Sort(warnings, static (a, b) => a.EventId.CompareTo(b.EventId));
                    foreach (var warning in warnings)
                    {
                        WriteWarning(warning);
                    }
                }

                transaction.Commit();
                foreach (var (symbol, key) in _newAssets)
                {
                    _assets[symbol] = key;
                }

                foreach (var (name, key) in _newSources)
                {
                    _sources[name] = key;
                }

                _times.UnionWith(_newTimes);
            }
            finally
            {
                _newAssets.Clear();
                _newSources.Clear();
                _newTimes.Clear();
            }
        }

        public long DeleteBefore(long cutoffNs)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            long deleted;
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.Parameters.AddWithValue("$cutoff", cutoffNs);

                // Leading with asset_key lets SQLite walk the primary key once per asset instead of scanning the table.
                command.CommandText = "DELETE FROM fact_market_metrics WHERE asset_key IN (SELECT asset_key FROM dim_asset) AND step_ts_ns < $cutoff";
                deleted = command.ExecuteNonQuery();
                command.CommandText = "DELETE FROM step_detector_scores WHERE step_ts_ns < $cutoff";
                command.ExecuteNonQuery();
                command.CommandText = "DELETE FROM market_steps WHERE step_ts_ns < $cutoff";
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            return deleted;
        }

        public void Dispose()
        {
            foreach (var command in _commands)
            {
                command.Dispose();
            }
        }

        private void WriteStep(MarketUpdate step)
        {
            var ts = step.TimestampNs;
            var timeKey = TimeKey(ts);
            var sourceKey = SourceKey(step.Source);
            var p = _step.Parameters;
            p[0].Value = ts;
            p[1].Value = timeKey;
            p[2].Value = sourceKey;
            p[3].Value = step.Step;
            p[4].Value = Real(step.Composite);
            p[5].Value = step.Ready ? 1 : 0;
            p[6].Value = step.WarningOpen ? 1 : 0;
            p[7].Value = (int)step.Severity;
            p[8].Value = Real(step.MaxAbsZ);
            p[9].Value = (object?)step.MaxAbsZSymbol ?? DBNull.Value;
            p[10].Value = step.CorrelationBreaks;
            p[11].Value = Real(step.MeanCorrelation);
            p[12].Value = step.SignalCount;
            _step.Command.ExecuteNonQuery();

            var d = _detector.Parameters;
            foreach (var detector in step.Detectors)
            {
                d[0].Value = ts;
                d[1].Value = detector.Detector;
                d[2].Value = Real(detector.Score);
                d[3].Value = Real(detector.Raw);
                d[4].Value = Real(detector.Contribution);
                d[5].Value = Real(detector.Weight);
                _detector.Command.ExecuteNonQuery();
            }

            var f = _fact.Parameters;
            foreach (var instrument in step.Instruments)
            {
                var s = instrument.Snapshot;
                f[0].Value = AssetKey(instrument.Symbol);
                f[1].Value = ts;
                f[2].Value = timeKey;
                f[3].Value = sourceKey;
                f[4].Value = step.Step;
                f[5].Value = s.Ticked ? 1 : 0;
                f[6].Value = Real(s.Price);
                f[7].Value = Real(s.Return);
                f[8].Value = Real(s.Volatility);
                f[9].Value = Real(s.MaxAbsZ);
                f[10].Value = Real(s.ReturnZ);
                f[11].Value = Real(s.PriceZ);
                f[12].Value = Real(s.VolumeZ);
                f[13].Value = Real(s.Volume);
                f[14].Value = Real(s.ZScoreScore);
                f[15].Value = Real(s.PriceSpikeScore);
                f[16].Value = Real(s.VolumeAnomalyScore);
                f[17].Value = Real(s.VolatilityBurstScore);
                f[18].Value = Real(s.FlashCrashScore);
                f[19].Value = (int)s.Fired;
                _fact.Command.ExecuteNonQuery();
            }
        }

        private void WriteWarning(PublishedWarning published)
        {
            var e = published.Warning;
            var json = StoreJson.Serialize(published);
            if (published.StatusChange is not null)
            {
                // An admin's status change: the warning's row was updated when it was made; the event is kept for
                // Server-Sent Events resume.
                WriteEventRow(published, "status_changed", json);
                return;
            }

            var closedAt = e.Kind == WarningTransition.Closed ? (object)e.TimestampNs : DBNull.Value;

            if (!WriteEventRow(published, KindName(e.Kind), json))
            {
                // Already stored: a re-written batch changes nothing.
                return;
            }

            var report = e.Report;

            var w = _warning.Parameters;
            w["$warning_id"].Value = e.WarningId;
            w["$opened_at_ns"].Value = e.OpenedAtNs;
            w["$closed_at_ns"].Value = closedAt;
            w["$severity"].Value = (int)e.Severity;
            w["$peak_severity"].Value = (int)e.PeakSeverity;
            w["$peak_composite"].Value = Real(e.PeakComposite);
            w["$summary"].Value = e.Summary;
            w["$latest_event_id"].Value = published.EventId;
            w["$latest_event"].Value = json;
            w["$ts_ns"].Value = e.TimestampNs;
            w["$status"].Value = WarningNames.Name(WarningNames.EngineStatus(e));
            w["$has_report"].Value = report is null ? 0 : 1;
            w["$event_type"].Value = WarningNames.Name(e.EventType);
            w["$probability"].Value = report is null ? DBNull.Value : Real(report.Probability);
            w["$confidence"].Value = report is null ? DBNull.Value : Real(report.Confidence);
            w["$title"].Value = (object?)report?.Title ?? DBNull.Value;
            w["$analogue_id"].Value = (object?)report?.Analogue?.CrisisId ?? DBNull.Value;
            w["$analogue_similarity"].Value = report?.Analogue is { } analogue ? Real(analogue.Similarity) : DBNull.Value;
            w["$report"].Value = report is null ? DBNull.Value : StoreJson.Serialize(report);
            w["$overrides"].Value = e.Kind is WarningTransition.Opened or WarningTransition.Escalated or WarningTransition.Closed ? 1 : 0;
            _warning.Command.ExecuteNonQuery();

            var leading = e.Contributions.Count > 0 ? e.Contributions[0] : null;
            var a = _alert.Parameters;
            a["$warning_id"].Value = e.WarningId;
            a["$opened_time_key"].Value = TimeKey(e.OpenedAtNs);
            a["$opened_at_ns"].Value = e.OpenedAtNs;
            a["$closed_at_ns"].Value = closedAt;
            a["$severity"].Value = SeverityName(e.Severity);
            a["$peak_severity"].Value = SeverityName(e.PeakSeverity);
            a["$peak_composite"].Value = Real(e.PeakComposite);
            a["$leading_detector"].Value = (object?)leading?.Detector ?? DBNull.Value;
            a["$leading_score"].Value = leading is null ? DBNull.Value : Real(leading.Score);
            a["$leading_contribution"].Value = leading is null ? DBNull.Value : Real(leading.Contribution);
            a["$peak_abs_z"].Value = Real(e.MaxAbsZ);
            a["$peak_abs_z_symbol"].Value = (object?)e.MaxAbsZSymbol ?? DBNull.Value;
            a["$peak_signal_count"].Value = e.SignalCount;
            a["$peak_correlation_breaks"].Value = e.CorrelationBreaks;
            a["$latest_event_id"].Value = published.EventId;

            // The leading detector is the one that led at the warning's peak composite.
            a["$is_peak"].Value = leading is not null && e.Composite >= e.PeakComposite ? 1 : 0;
            _alert.Command.ExecuteNonQuery();

            var sym = _symbol.Parameters;
            sym["$warning_id"].Value = e.WarningId;
            if (e.MaxAbsZSymbol is { } maxSymbol)
            {
                sym["$symbol"].Value = maxSymbol;
                _symbol.Command.ExecuteNonQuery();
            }

            foreach (var signal in e.Signals)
            {
                sym["$symbol"].Value = signal.Symbol;
                _symbol.Command.ExecuteNonQuery();
            }
        }

        private bool WriteEventRow(PublishedWarning published, string kind, string json)
        {
            var e = published.Warning;
            var ev = _event.Parameters;
            ev["$event_id"].Value = published.EventId;
            ev["$warning_id"].Value = e.WarningId;
            ev["$kind"].Value = kind;
            ev["$ts_ns"].Value = published.StatusChange?.TimestampNs ?? e.TimestampNs;
            ev["$severity"].Value = (int)e.Severity;
            ev["$event"].Value = json;
            return _event.Command.ExecuteNonQuery() > 0;
        }

        private long TimeKey(long timestampNs)
        {
            var key = TimeBucket.KeyOf(timestampNs);
            if (_times.Contains(key) || _newTimes.Contains(key))
            {
                return key;
            }

            var bucket = TimeBucket.Of(timestampNs);
            var p = _time.Parameters;
            p["$time_key"].Value = key;
            p["$hour_start_ns"].Value = bucket.HourStartNs;
            p["$hour_start"].Value = bucket.HourStart.ToString("yyyy-MM-dd'T'HH':00:00Z'", CultureInfo.InvariantCulture);
            p["$date"].Value = bucket.Date;
            p["$year"].Value = bucket.HourStart.Year;
            p["$month"].Value = bucket.HourStart.Month;
            p["$day"].Value = bucket.HourStart.Day;
            p["$hour"].Value = bucket.HourStart.Hour;
            p["$weekday"].Value = bucket.HourStart.DayOfWeek.ToString().ToLowerInvariant();
            p["$is_weekend"].Value = bucket.IsWeekend ? 1 : 0;
            p["$session"].Value = bucket.Session;
            p["$market_state"].Value = bucket.MarketState;
            _time.Command.ExecuteNonQuery();
            _newTimes.Add(key);
            return key;
        }

        private long AssetKey(string symbol)
        {
            if (_assets.TryGetValue(symbol, out var key))
            {
                return key;
            }

            foreach (var (pendingSymbol, pendingKey) in _newAssets)
            {
                if (string.Equals(pendingSymbol, symbol, StringComparison.OrdinalIgnoreCase))
                {
                    return pendingKey;
                }
            }

            var spec = _options.DescribeInstrument(symbol);
            var p = _assetInsert.Parameters;
            p["$symbol"].Value = symbol;
            p["$name"].Value = spec.Name;
            p["$asset_class"].Value = JsonNamingPolicy.SnakeCaseLower.ConvertName(spec.AssetClass.ToString());
            p["$segment"].Value = JsonNamingPolicy.SnakeCaseLower.ConvertName(spec.Segment.ToString());
            p["$value_kind"].Value = JsonNamingPolicy.SnakeCaseLower.ConvertName(spec.ValueKind.ToString());
            _assetInsert.Command.ExecuteNonQuery();
            _assetSelect.Parameters["$symbol"].Value = symbol;
            key = Convert.ToInt64(_assetSelect.Command.ExecuteScalar(), CultureInfo.InvariantCulture);
            _newAssets.Add((symbol, key));
            return key;
        }

        private long SourceKey(string source)
        {
            if (_sources.TryGetValue(source, out var key))
            {
                return key;
            }

            foreach (var (pendingName, pendingKey) in _newSources)
            {
                if (string.Equals(pendingName, source, StringComparison.OrdinalIgnoreCase))
                {
                    return pendingKey;
                }
            }

            _sourceInsert.Parameters["$name"].Value = source;
            _sourceInsert.Parameters["$description"].Value = $"Source '{source}'";
            _sourceInsert.Command.ExecuteNonQuery();
            _sourceSelect.Parameters["$name"].Value = source;
            key = Convert.ToInt64(_sourceSelect.Command.ExecuteScalar(), CultureInfo.InvariantCulture);
            _newSources.Add((source, key));
            return key;
        }

        private void LoadKeys()
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT symbol, asset_key FROM dim_asset";
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    _assets[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            command.CommandText = "SELECT name, source_key FROM dim_source";
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    _sources[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            // Only recent hours matter for the cache: older ones are re-inserted as no-ops if they ever reappear.
            command.CommandText = "SELECT time_key FROM dim_time ORDER BY time_key DESC LIMIT 1000";
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    _times.Add(reader.GetInt64(0));
                }
            }
        }

        private Statement Prepare(string sql, int commandTimeoutSeconds)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = commandTimeoutSeconds;
            foreach (var name in ParameterNames(sql))
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            _commands.Add(command);
            return new Statement(command);
        }

        private static IEnumerable<string> ParameterNames(string sql)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < sql.Length; i++)
            {
                if (sql[i] != '$')
                {
                    continue;
                }

                var end = i + 1;
                while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    end++;
                }

                var name = sql[i..end];
                if (seen.Add(name))
                {
                    yield return name;
                }

                i = end - 1;
            }
        }

        private static string Upsert(string table, string[] columns, int keyCount)
        {
            var names = string.Join(", ", columns);
            var values = string.Join(", ", columns.Select(c => "$" + c));
            var keys = string.Join(", ", columns.Take(keyCount));
            var updates = string.Join(", ", columns.Skip(keyCount).Select(c => $"{c} = excluded.{c}"));

            // The latest write of a key wins: re-writing a batch stores the same values again and duplicates nothing.
            return $"INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT ({keys}) DO UPDATE SET {updates}";
        }

        private static object Real(double value) => double.IsNaN(value) ? DBNull.Value : value;

        private static string KindName(WarningTransition kind) => kind switch
        {
            WarningTransition.Opened => "opened",
            WarningTransition.Escalated => "escalated",
            WarningTransition.DeEscalated => "de-escalated",
            WarningTransition.Reclassified => "reclassified",
            WarningTransition.Closed => "closed",
            _ => "none",
        };

        private static string SeverityName(Severity severity) => severity.ToString().ToUpperInvariant();
    }

    /// <summary>A prepared command and its parameters, in the order they first appear in the SQL.</summary>
    private readonly record struct Statement(SqliteCommand Command)
    {
        public SqliteParameterCollection Parameters => Command.Parameters;
    }
}
