using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
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

    /// <summary>
    /// Turns a command's rows into values ready to bind (text as UTF-8 bytes, GUIDs as EF writes them, numbers as
    /// 64-bit integers), so that this work is done by the committing thread, not by the single writer.
    /// </summary>
    public static EncodedCommand Encode(WorkflowTables tables, StagedChanges changes)
    {
        var plan = changes.Plan(tables);
        var rows = new EncodedRow[plan.Count];
        for (var r = 0; r < plan.Count; r++)
        {
            rows[r] = EncodeRow(plan[r]);
        }

        return new EncodedCommand(rows);
    }

    /// <summary>Writes one encoded command inside the caller's transaction (see <see cref="SqlSession.ApplyAsync"/>).</summary>
    public void Apply(EncodedCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            foreach (var row in command.Rows)
            {
                if (row.Write.Failure(Write(row)) is { } failure)
                {
                    throw failure;
                }
            }
        }
        catch (SqliteException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw DuplicateRow(e);
        }
        catch (SqliteException e) when (DatabaseErrors.IsTriggerRefusal(e))
        {
            throw DatabaseErrors.Refused(e);
        }
    }

    protected override Task<int> WriteAsync(RowWrite row, CancellationToken cancellationToken) => Task.FromResult(Write(EncodeRow(row)));

    private static EncodedRow EncodeRow(RowWrite row)
    {
        var values = new object?[row.Table.ColumnCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Encode(row.Table.ProviderValue(row.Record, i));
        }

        return new EncodedRow(row, values, Encode(row.Expected));
    }

    protected override Task<List<T>> QueryAsync<T>(Statement statement, RecordTable<T> table, object id, object? status, CancellationToken cancellationToken)
    {
        var prepared = Get(statement);
        var handle = prepared.Handle;
        var rows = new List<T>();
        try
        {
            Bind(handle, prepared.Id, Encode(id));
            if (status is not null)
            {
                Bind(handle, prepared.Status, Encode(status));
            }

            var read = RowReaders<T>.For(table);
            while (Step(handle))
            {
                var record = RecordTable<T>.Create();
                read(record, handle);
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
            Bind(handle, prepared.Id, Encode(id));
            return Task.FromResult(Step(handle) && raw.sqlite3_column_type(handle, 0) != raw.SQLITE_NULL ? ReadGuid(handle, 0) : (Guid?)null);
        }
        finally
        {
            raw.sqlite3_reset(handle);
        }
    }

    private static object? Encode(object? value) => value switch
    {
        null => null,
        string text => Encoding.UTF8.GetBytes(text),
        Guid guid => GuidText(guid),
        long => value,
        int number => (long)number,
        bool flag => flag ? 1L : 0L,
        decimal number => Encoding.UTF8.GetBytes(number.ToString(CultureInfo.InvariantCulture)),
        double => value,
        _ => throw Unsupported(value.GetType()),
    };

    /// <summary>As EF Core and Microsoft.Data.Sqlite store a GUID in a TEXT column: "D" format, upper case.</summary>
    private static byte[] GuidText(Guid guid)
    {
        var text = new byte[GuidTextLength];
        guid.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'f')
            {
                text[i] -= 'a' - 'A';
            }
        }

        return text;
    }

    /// <summary>Binds a value made by <see cref="Encode(object?)"/>.</summary>
    private void Bind(sqlite3_stmt handle, int parameter, object? encoded) => Check(encoded switch
    {
        null => raw.sqlite3_bind_null(handle, parameter),
        byte[] text => raw.sqlite3_bind_text(handle, parameter, text),
        long number => raw.sqlite3_bind_int64(handle, parameter, number),
        double number => raw.sqlite3_bind_double(handle, parameter, number),
        _ => throw Unsupported(encoded.GetType()),
    });

    private int Write(EncodedRow row)
    {
        var prepared = Get(row.Write.Statement);
        var handle = prepared.Handle;
        for (var i = 0; i < row.Values.Length; i++)
        {
            Bind(handle, prepared.ColumnParameters![i], row.Values[i]);
        }

        if (row.Expected is not null)
        {
            Bind(handle, prepared.Expected, row.Expected);
        }

        Run(handle);
        return raw.sqlite3_changes(_connection.Handle);
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
            Statement.InsertApology or Statement.UpdateApology => ColumnParameters(Tables.Apologies),
            Statement.InsertEffect => ColumnParameters(Tables.Effects),
            Statement.InsertReception => ColumnParameters(Tables.Receptions),
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

    /// <summary>A command's rows, encoded by <see cref="Encode(WorkflowTables, StagedChanges)"/>.</summary>
    internal sealed record EncodedCommand(EncodedRow[] Rows);

    internal sealed record EncodedRow(RowWrite Write, object?[] Values, object? Expected);

    /// <summary>Per record type and table: a compiled reader of one row of a statement over its select list.</summary>
    private static class RowReaders<T>
        where T : class
    {
        private static readonly ConditionalWeakTable<RecordTable<T>, Action<T, sqlite3_stmt>> ByTable = [];

        public static Action<T, sqlite3_stmt> For(RecordTable<T> table) =>
            ByTable.GetValue(table, t => t.CompileRowReader<sqlite3_stmt>((row, index, type) => (
                Expression.Equal(Expression.Call(ColumnType, row, Expression.Constant(index)), Expression.Constant(raw.SQLITE_NULL)),
                Expression.Call(ReaderOf(type), row, Expression.Constant(index)))));
    }

    private static readonly MethodInfo ColumnType = typeof(raw).GetMethod(nameof(raw.sqlite3_column_type), [typeof(sqlite3_stmt), typeof(int)])!;

    private static MethodInfo ReaderOf(Type type) =>
        typeof(SqliteSqlSession).GetMethod("Read" + (type == typeof(long) ? "Int64" : type.Name), BindingFlags.NonPublic | BindingFlags.Static, [typeof(sqlite3_stmt), typeof(int)])
        ?? throw Unsupported(type);

    private static long ReadInt64(sqlite3_stmt row, int index) => raw.sqlite3_column_int64(row, index);

    private static int ReadInt32(sqlite3_stmt row, int index) => raw.sqlite3_column_int(row, index);

    private static double ReadDouble(sqlite3_stmt row, int index) => raw.sqlite3_column_double(row, index);

    private static bool ReadBoolean(sqlite3_stmt row, int index) => raw.sqlite3_column_int64(row, index) != 0;

    private static string ReadString(sqlite3_stmt row, int index) => raw.sqlite3_column_text(row, index).utf8_to_string();

    private static Guid ReadGuid(sqlite3_stmt row, int index) => Guid.Parse(raw.sqlite3_column_blob(row, index));

    private static decimal ReadDecimal(sqlite3_stmt row, int index) =>
        decimal.Parse(ReadString(row, index), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private sealed record Prepared(sqlite3_stmt Handle, int[]? ColumnParameters, int Id, int Status, int Expected);
}
