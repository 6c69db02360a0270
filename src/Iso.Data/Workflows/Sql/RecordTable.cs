using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Iso.Data.Workflows.Sql;

/// <summary>What the write path needs of a table, whatever its record type.</summary>
internal interface IRecordTable
{
    string Name { get; }

    int ColumnCount { get; }

    string ParameterOf(int index);

    object? ProviderValue(object record, int index);
}

internal static class SqlText
{
    /// <summary>An identifier quoted the way both SQLite and PostgreSQL accept (the migrations use the same).</summary>
    public static string Quote(string identifier) => $"\"{identifier}\"";
}

/// <summary>
/// One engine record type as its table, read from the EF model: the table and column names, and each column's value
/// conversion (UTC ticks on SQLite, UTC instants on PostgreSQL, enums as integers) come from the same configuration
/// the migrations were generated from, so this hand-written SQL path cannot drift from the schema.
/// </summary>
internal sealed class RecordTable<T> : IRecordTable
    where T : class
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, Column> _byProperty;

    public RecordTable(IModel model)
    {
        var entityType = model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the model.");
        Name = entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var table = StoreObjectIdentifier.Table(Name, entityType.GetSchema());
        var keyProperty = entityType.FindPrimaryKey()?.Properties.Single()
            ?? throw new InvalidOperationException($"{typeof(T).Name} needs a single-column key.");
        _columns = [.. entityType.GetProperties().Select((p, i) => new Column(p, p.GetColumnName(table)!, i))];
        _byProperty = _columns.ToDictionary(c => c.Property.Name, StringComparer.Ordinal);
        var key = _byProperty[keyProperty.Name];

        var names = string.Join(", ", _columns.Select(c => SqlText.Quote(c.Name)));
        SelectList = names;
        InsertSql = $"INSERT INTO {SqlText.Quote(Name)} ({names}) VALUES ({string.Join(", ", _columns.Select(c => c.Parameter))})";
        UpdateSql = $"UPDATE {SqlText.Quote(Name)} SET {string.Join(", ", _columns.Where(c => c != key).Select(c => $"{SqlText.Quote(c.Name)} = {c.Parameter}"))} " +
            $"WHERE {SqlText.Quote(key.Name)} = {key.Parameter}";
    }

    public string Name { get; }

    /// <summary>Every column, quoted, in the order the row readers expect.</summary>
    public string SelectList { get; }

    /// <summary>Inserts one row; parameter <c>@p{i}</c> is column i.</summary>
    public string InsertSql { get; }

    /// <summary>Rewrites every column of the row with the record's key; parameter <c>@p{i}</c> is column i.</summary>
    public string UpdateSql { get; }

    /// <summary>The quoted column of a property, for hand-written WHERE clauses.</summary>
    public string ColumnOf(string propertyName) => SqlText.Quote(_byProperty[propertyName].Name);

    /// <summary>Adds one parameter per column, in column order.</summary>
    public void AddParameters(DbCommand command)
    {
        foreach (var column in _columns)
        {
            column.AddParameter(command);
        }
    }

    /// <summary>Parameter of one column, for a command that binds more than the row (e.g. the expected version).</summary>
    public DbParameter CreateParameter(DbCommand command, string propertyName, string parameterName) =>
        _byProperty[propertyName].CreateParameter(command, parameterName);

    /// <summary>Converts a model value (e.g. a <see cref="Guid"/> or a <see cref="DateTimeOffset"/>) to what the column stores.</summary>
    public object ToProvider(string propertyName, object? value) =>
        _byProperty[propertyName].ValueToProvider(value);

    public int ColumnCount => _columns.Length;

    /// <summary>The (unquoted) name of column <paramref name="index"/>.</summary>
    public string ColumnNameOf(int index) => _columns[index].Name;

    /// <summary>The database type of column <paramref name="index"/> as the model maps it (e.g. <c>uuid</c>, <c>text</c>).</summary>
    public string StoreTypeOf(int index) => _columns[index].StoreType;

    /// <summary>The parameter name of column <paramref name="index"/> in <see cref="InsertSql"/> and <see cref="UpdateSql"/>.</summary>
    public string ParameterOf(int index) => _columns[index].Parameter;

    /// <summary>Column <paramref name="index"/> of a record as stored (converted), or null.</summary>
    public object? ProviderValue(T record, int index) => _columns[index].ToProvider(record) is var value && value == DBNull.Value ? null : value;

    object? IRecordTable.ProviderValue(object record, int index) => ProviderValue((T)record, index);

    /// <summary>An empty record to fill.</summary>
    public static T Create() => Activator.CreateInstance<T>();

    /// <summary>
    /// Compiles one delegate that fills every column of a record from a row of <typeparamref name="TRow"/>, with the EF
    /// value conversions inlined and no boxing: <paramref name="column"/> gives, for a column's ordinal and stored type,
    /// the expression that tells whether the stored value is null and the one that reads it.
    /// </summary>
    public Action<T, TRow> CompileRowReader<TRow>(Func<ParameterExpression, int, Type, (Expression IsNull, Expression Value)> column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var record = Expression.Parameter(typeof(T), "record");
        var row = Expression.Parameter(typeof(TRow), "row");
        var assignments = _columns.Select(c =>
        {
            var (isNull, stored) = column(row, c.Index, c.ProviderType);
            var property = Expression.Property(record, c.Property.PropertyInfo!);
            Expression model = c.Converter is { } converter
                ? Expression.Invoke(converter.ConvertFromProviderExpression, Expression.Convert(stored, converter.ProviderClrType))
                : stored;
            if (model.Type != property.Type)
            {
                model = Expression.Convert(model, property.Type);
            }

            return (Expression)Expression.Assign(property, Expression.Condition(isNull, Expression.Default(property.Type), model));
        });
        return Expression.Lambda<Action<T, TRow>>(Expression.Block(assignments), record, row).Compile();
    }

    /// <summary>A record from the current row of a reader over <see cref="SelectList"/>.</summary>
    public T Read(DbDataReader reader)
    {
        var record = Create();
        foreach (var column in _columns)
        {
            column.Set(record, reader);
        }

        return record;
    }

    private sealed class Column
    {
        private static readonly MethodInfo ReadValueMethod = typeof(Column).GetMethod(nameof(ReadValue), BindingFlags.NonPublic | BindingFlags.Static)!;

        private readonly RelationalTypeMapping _mapping;
        private readonly ValueConverter? _converter;
        private readonly Func<T, object?> _get;
        private readonly Action<T, object?> _set;
        private readonly Func<DbDataReader, int, object> _read;

        public Column(IProperty property, string name, int index)
        {
            Property = property;
            Name = name;
            Index = index;
            Parameter = $"@p{index}";
            _mapping = property.GetRelationalTypeMapping();
            _converter = property.GetValueConverter() ?? _mapping.Converter;
            var info = property.PropertyInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is not a CLR property.");

            var entity = Expression.Parameter(typeof(T), "entity");
            var value = Expression.Parameter(typeof(object), "value");
            _get = Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(entity, info), typeof(object)), entity).Compile();
            _set = Expression.Lambda<Action<T, object?>>(
                Expression.Assign(Expression.Property(entity, info), Expression.Convert(value, info.PropertyType)), entity, value).Compile();

            var providerType = _converter?.ProviderClrType ?? Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
            ProviderType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            _read = ReadValueMethod.MakeGenericMethod(ProviderType).CreateDelegate<Func<DbDataReader, int, object>>();
        }

        public IProperty Property { get; }

        public string Name { get; }

        public int Index { get; }

        public string Parameter { get; }

        public Type ProviderType { get; }

        public string StoreType => _mapping.StoreType;

        public ValueConverter? Converter => _converter;

        public void AddParameter(DbCommand command) => command.Parameters.Add(CreateParameter(command, Parameter));

        public DbParameter CreateParameter(DbCommand command, string parameterName) =>
            _mapping.CreateParameter(command, parameterName, null, nullable: true);

        public object ToProvider(T record) => ValueToProvider(_get(record));

        public object ValueToProvider(object? value) =>
            value is null ? DBNull.Value : (_converter is null ? value : _converter.ConvertToProvider(value)) ?? DBNull.Value;

        public void Set(T record, DbDataReader reader)
        {
            var stored = reader.IsDBNull(Index) ? null : _read(reader, Index);
            _set(record, stored is null || _converter is null ? stored : _converter.ConvertFromProvider(stored));
        }

        private static object ReadValue<TValue>(DbDataReader reader, int ordinal) => reader.GetFieldValue<TValue>(ordinal)!;
    }
}
