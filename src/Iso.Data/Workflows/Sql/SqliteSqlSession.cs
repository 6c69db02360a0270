using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Iso.Data.Workflows.Sql;

/// <summary>
/// The session on SQLite's own API (SQLitePCLRaw, which Microsoft.Data.Sqlite itself sits on), for the connections the
/// store owns. Each statement is compiled once per connection and its parameters are bound by position, with values
/// written exactly as EF Core writes them (GUIDs as upper-case text, instants as UTC ticks, enums as integers, decimals
/// as invariant text). Measured on the benchmark, binding through ADO.NET (a name lookup and a string copy per
/// parameter) cost about as much as SQLite's own work (ADR 0005). Errors are <see cref="SqliteException"/>, as from
/// Microsoft.Data.Sqlite. Everything here is synchronous: SQLite runs in-process and has no asynchronous I/O.
/// </summary>
internal sealed class SqliteSqlSession : SqlSession
{
    private const int GuidTextLength = 36;

    private readonly SqliteConnection _connection;
    private readonly Prepared?[] _statements = new Prepared?[(int)Statement.Count];

    public SqliteSqlSession(SqliteConnection connection, WorkflowTables tables)
        : base(tables)
    {
        _connection = connection;
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var prepared in _statements)
        {
            prepared?.Handle.Dispose();
        }

        return _connection.DisposeAsync();
    }

    protected override Task ExecuteAsync(Statement statement, CancellationToken cancellationToken)
    {
        Run(Get(statement).Handle);
        return Task.CompletedTask;
    }

    protected override Task<int> WriteAsync<T>(Statement statement, RecordTable<T> table, T record, object? expected, CancellationToken cancellationToken)
    {
        var prepared = Get(statement);
        var handle = prepared.Handle;
        for (var i = 0; i < table.ColumnCount; i++)
        {
            Bind(handle, prepared.ColumnParameters![i], table.ProviderValue(record, i));
        }

        if (expected is not null)
        {
            Bind(handle, prepared.Expected, expected);
        }

        Run(handle);
        return Task.FromResult(raw.sqlite3_changes(_connection.Handle));
    }

    protected override Task<List<T>> QueryAsync<T>(Statement statement, RecordTable<T> table, object id, object? status, CancellationToken cancellationToken)
    {
        var prepared = Get(statement);
        var handle = prepared.Handle;
        var rows = new List<T>();
        try
        {
            Bind(handle, prepared.Id, id);
            if (status is not null)
            {
                Bind(handle, prepared.Status, status);
            }

            while (Step(handle))
            {
                var record = RecordTable<T>.Create();
                for (var i = 0; i < table.ColumnCount; i++)
                {
                    table.SetFromProvider(record, i, Column(handle, i, table.ProviderTypeOf(i)));
                }

                rows.Add(record);
            }
        }
        finally
        {
            raw.sqlite3_reset(handle);
        }

        return Task.FromResult(rows);
    }

    protected override Task<Guid?> QueryGuidAsync(Statement statement, object id, CancellationToken cancellationToken)
    {
        var prepared = Get(statement);
        var handle = prepared.Handle;
        try
        {
            Bind(handle, prepared.Id, id);
            return Task.FromResult(Step(handle) ? (Guid?)Column(handle, 0, typeof(Guid)) : null);
        }
        finally
        {
            raw.sqlite3_reset(handle);
        }
    }

    private static object? Column(sqlite3_stmt handle, int index, Type type)
    {
        if (raw.sqlite3_column_type(handle, index) == raw.SQLITE_NULL)
        {
            return null;
        }

        if (type == typeof(Guid))
        {
            return Guid.Parse(raw.sqlite3_column_blob(handle, index));
        }

        if (type == typeof(long))
        {
            return raw.sqlite3_column_int64(handle, index);
        }

        if (type == typeof(int))
        {
            return raw.sqlite3_column_int(handle, index);
        }

        if (type == typeof(string))
        {
            return raw.sqlite3_column_text(handle, index).utf8_to_string();
        }

        if (type == typeof(decimal))
        {
            return decimal.Parse(raw.sqlite3_column_text(handle, index).utf8_to_string(), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        }

        if (type == typeof(double))
        {
            return raw.sqlite3_column_double(handle, index);
        }

        if (type == typeof(bool))
        {
            return raw.sqlite3_column_int64(handle, index) != 0;
        }

        throw Unsupported(type);
    }

    private void Bind(sqlite3_stmt handle, int parameter, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(handle, parameter),
            string text => raw.sqlite3_bind_text(handle, parameter, text),
            Guid guid => BindGuid(handle, parameter, guid),
            long number => raw.sqlite3_bind_int64(handle, parameter, number),
            int number => raw.sqlite3_bind_int(handle, parameter, number),
            bool flag => raw.sqlite3_bind_int(handle, parameter, flag ? 1 : 0),
            decimal number => raw.sqlite3_bind_text(handle, parameter, number.ToString(CultureInfo.InvariantCulture)),
            double number => raw.sqlite3_bind_double(handle, parameter, number),
            _ => throw Unsupported(value.GetType()),
        };
        Check(rc);
    }

    /// <summary>As EF Core and Microsoft.Data.Sqlite store a GUID in a TEXT column: "D" format, upper case.</summary>
    private static int BindGuid(sqlite3_stmt handle, int parameter, Guid guid)
    {
        Span<byte> text = stackalloc byte[GuidTextLength];
        guid.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'f')
            {
                text[i] -= 'a' - 'A';
            }
        }

        return raw.sqlite3_bind_text(handle, parameter, text);
    }

    private static NotSupportedException Unsupported(Type type) =>
        new($"The SQLite command path cannot store {type.Name} values; map the column to a supported type or extend {nameof(SqliteSqlSession)}.");

    private void Run(sqlite3_stmt handle)
    {
        try
        {
            while (Step(handle))
            {
            }
        }
        finally
        {
            raw.sqlite3_reset(handle);
        }
    }

    private bool Step(sqlite3_stmt handle)
    {
        var rc = raw.sqlite3_step(handle);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }

        return false;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    private Prepared Get(Statement statement)
    {
        if (_statements[(int)statement] is { } existing)
        {
            return existing;
        }

        var db = _connection.Handle!;
        Check(raw.sqlite3_prepare_v2(db, Tables.SqlOf(statement), out var handle));
        int Index(string name) => raw.sqlite3_bind_parameter_index(handle, name) is var index and > 0
            ? index
            : throw new InvalidOperationException($"Statement {statement} has no parameter {name}.");

        int[]? columns = statement switch
        {
            Statement.InsertCase or Statement.UpdateCase => ColumnParameters(Tables.Cases),
            Statement.InsertTask or Statement.UpdateTask => ColumnParameters(Tables.Tasks),
            Statement.InsertTimer or Statement.UpdateTimer => ColumnParameters(Tables.Timers),
            Statement.InsertJournal => ColumnParameters(Tables.Journal),
            Statement.InsertNotification => ColumnParameters(Tables.Notifications),
            Statement.InsertApology => ColumnParameters(Tables.Apologies),
            _ => null,
        };
        var prepared = new Prepared(
            handle,
            columns,
            statement is Statement.SelectCase or Statement.SelectTasksOfCase or Statement.SelectPendingTimersOfCase or Statement.SelectTimer or Statement.SelectCaseOfTask
                ? Index("@id") : 0,
            statement == Statement.SelectPendingTimersOfCase ? Index("@status") : 0,
            statement == Statement.UpdateCase ? Index("@expected") : 0);
        _statements[(int)statement] = prepared;
        return prepared;

        // SQLite numbers named parameters in order of first appearance, which differs between INSERT and UPDATE.
        int[] ColumnParameters<T>(RecordTable<T> table)
            where T : class =>
            [.. Enumerable.Range(0, table.ColumnCount).Select(i => Index(table.ParameterOf(i)))];
    }

    private sealed record Prepared(sqlite3_stmt Handle, int[]? ColumnParameters, int Id, int Status, int Expected);
}
