using Iso.Data.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data.Organisation;

/// <summary>A change to the organisation was refused; nothing was stored. <see cref="Errors"/> names each field and what is wrong.</summary>
public sealed class OrganisationChangeException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static OrganisationChangeException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record NewAgency(string Code, string Name, string? ShortName, string KindCode, string? ParentCode, DateOnly EffectiveFrom);

/// <summary>What <see cref="OrganisationChanges.UpdateAgencyAsync"/> changes; null leaves a value as it is.</summary>
public sealed record AgencyUpdate(string? ShortName = null, string? KindCode = null, string? ParentCode = null, int? SortOrder = null);

public sealed record NewUnit(string Code, string Name, DateOnly EffectiveFrom);

/// <summary>What a merge or split did: the successor(s), and how much moved to them.</summary>
public sealed record SuccessionResult(Guid SuccessorId, IReadOnlyList<Guid> PredecessorIds, int PeopleMoved, int UnitsCreated, int ChildrenMoved);

/// <summary>One part of a split: a new agency, the units it takes over (by code) and, optionally, people by user name
/// (people of the taken units go along by default).</summary>
public sealed record SplitPart(NewAgency Agency, IReadOnlyList<string> UnitCodes);

/// <summary>Changes to agencies and units that keep their history (ISO: what happened stays readable as it was):
/// nothing is deleted; a renamed agency keeps its old name for its past; merged, split or closed agencies end on a date
/// and point to their successor. Each method is one transaction. Authorisation is the caller's (the web use cases).</summary>
public sealed class OrganisationChanges(IsoDbContext db)
{
    public const int MaxCodeLength = 50;
    public const int MaxNameLength = 300;

    public async Task<Agency> CreateAgencyAsync(NewAgency request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var code = CheckCode(request.Code, "code", errors);
        CheckName(request.Name, "name", errors);
        if (code is not null && await db.Agencies.AnyAsync(a => a.Code == code, cancellationToken))
        {
            errors.Add("code", $"Mã cơ quan '{code}' đã có.");
        }

        if (!await db.AgencyKinds.AnyAsync(k => k.Code == request.KindCode, cancellationToken))
        {
            errors.Add("kindCode", $"Không có loại cơ quan '{request.KindCode}'.");
        }

        Agency? parent = null;
        if (!string.IsNullOrWhiteSpace(request.ParentCode))
        {
            parent = await FindAsync(request.ParentCode, cancellationToken);
            if (parent is null)
            {
                errors.Add("parentCode", $"Không có cơ quan cấp trên mã '{request.ParentCode}'.");
            }
            else if (parent.EffectiveTo is { } end && end < request.EffectiveFrom)
            {
                errors.Add("parentCode", $"Cơ quan cấp trên '{parent.Code}' đã kết thúc ngày {end:dd/MM/yyyy}.");
            }
        }

        errors.ThrowIfAny();
        var agency = new Agency
        {
            Id = Guid.NewGuid(),
            Code = code!,
            Name = request.Name.Trim(),
            ShortName = string.IsNullOrWhiteSpace(request.ShortName) ? null : request.ShortName.Trim(),
            KindCode = request.KindCode,
            ParentId = parent?.Id,
            EffectiveFrom = request.EffectiveFrom,
            SortOrder = await db.Agencies.Where(a => a.ParentId == (parent == null ? null : parent.Id)).MaxAsync(a => (int?)a.SortOrder, cancellationToken) + 10 ?? 10,
        };
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(cancellationToken);
        return agency;
    }

    /// <summary>Gives the agency a new name from <paramref name="from"/>; the old name stays attached to the time before.</summary>
    public async Task RenameAgencyAsync(string code, string newName, string? newShortName, DateOnly from, CancellationToken cancellationToken = default)
    {
        var errors = new Errors();
        CheckName(newName, "name", errors);
        var agency = await FindAsync(code, cancellationToken) ?? throw OrganisationChangeException.For("code", $"Không có cơ quan mã '{code}'.");
        if (agency.EffectiveTo is not null)
        {
            errors.Add("code", $"Cơ quan '{agency.Code}' đã kết thúc ngày {agency.EffectiveTo:dd/MM/yyyy}; không đổi tên được.");
        }

        var names = await db.AgencyNames.Where(n => n.AgencyId == agency.Id).OrderBy(n => n.ValidFrom).ToListAsync(cancellationToken);
        var currentSince = names.LastOrDefault()?.ValidFrom ?? agency.EffectiveFrom;
        if (from <= currentSince)
        {
            errors.Add("from", $"Ngày đổi tên phải sau ngày {currentSince:dd/MM/yyyy} (từ đó cơ quan mang tên hiện tại).");
        }

        errors.ThrowIfAny();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (names.Count == 0)
        {
            db.AgencyNames.Add(new AgencyName { Id = Guid.NewGuid(), AgencyId = agency.Id, Name = agency.Name, ShortName = agency.ShortName, ValidFrom = agency.EffectiveFrom });
            await db.SaveChangesAsync(cancellationToken);
            names = await db.AgencyNames.Where(n => n.AgencyId == agency.Id).ToListAsync(cancellationToken);
        }

        names.Single(n => n.ValidTo is null).ValidTo = from.AddDays(-1);
        db.AgencyNames.Add(new AgencyName
        {
            Id = Guid.NewGuid(), AgencyId = agency.Id, Name = newName.Trim(),
            ShortName = string.IsNullOrWhiteSpace(newShortName) ? null : newShortName.Trim(), ValidFrom = from,
        });
        agency.Name = newName.Trim();
        agency.ShortName = string.IsNullOrWhiteSpace(newShortName) ? null : newShortName.Trim();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Changes what is not a legal act: the short name, the kind, the parent and the order among siblings
    /// (null leaves a value as it is; <paramref name="parentCode"/> "" puts the agency at the top). The change is in the
    /// history (interceptor); a new name is a rename (<see cref="RenameAgencyAsync"/>).</summary>
    public async Task<Agency> UpdateAgencyAsync(string code, AgencyUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var agency = await FindAsync(code, cancellationToken) ?? throw OrganisationChangeException.For("code", $"Không có cơ quan mã '{code}'.");
        var errors = new Errors();
        if (agency.EffectiveTo is not null)
        {
            errors.Add("code", $"Cơ quan '{agency.Code}' đã kết thúc ngày {agency.EffectiveTo:dd/MM/yyyy}; không sửa được.");
        }

        if (update.ShortName is { } shortName && shortName.Trim().Length > MaxNameLength)
        {
            errors.Add("shortName", $"Tên viết tắt dài quá {MaxNameLength} ký tự.");
        }

        if (update.KindCode is { } kind && !await db.AgencyKinds.AnyAsync(k => k.Code == kind, cancellationToken))
        {
            errors.Add("kindCode", $"Không có loại cơ quan '{kind}'.");
        }

        Agency? parent = null;
        if (!string.IsNullOrWhiteSpace(update.ParentCode))
        {
            parent = await FindAsync(update.ParentCode, cancellationToken);
            if (parent is null)
            {
                errors.Add("parentCode", $"Không có cơ quan cấp trên mã '{update.ParentCode}'.");
            }
            else if (parent.EffectiveTo is not null)
            {
                errors.Add("parentCode", $"Cơ quan cấp trên '{parent.Code}' đã kết thúc ngày {parent.EffectiveTo:dd/MM/yyyy}.");
            }
            else
            {
                for (var cursor = parent; cursor is not null; cursor = cursor.ParentId is { } up ? await db.Agencies.FindAsync([up], cancellationToken) : null)
                {
                    if (cursor.Id == agency.Id)
                    {
                        errors.Add("parentCode", $"'{parent.Code}' nằm dưới '{agency.Code}': không thể làm cơ quan cấp trên.");
                        break;
                    }
                }
            }
        }

        if (update.SortOrder is < 0 or > 1_000_000)
        {
            errors.Add("sortOrder", "Thứ tự phải từ 0 đến 1.000.000.");
        }

        errors.ThrowIfAny();
        if (update.ShortName is not null)
        {
            agency.ShortName = string.IsNullOrWhiteSpace(update.ShortName) ? null : update.ShortName.Trim();
        }

        agency.KindCode = update.KindCode ?? agency.KindCode;
        if (update.ParentCode is not null)
        {
            agency.ParentId = parent?.Id;
        }

        agency.SortOrder = update.SortOrder ?? agency.SortOrder;
        await db.SaveChangesAsync(cancellationToken);
        return agency;
    }

    /// <summary>The name an agency carried on <paramref name="date"/>.</summary>
    public async Task<string?> NameOnAsync(Guid agencyId, DateOnly date, CancellationToken cancellationToken = default) =>
        await db.AgencyNames.AsNoTracking()
            .Where(n => n.AgencyId == agencyId && n.ValidFrom <= date && (n.ValidTo == null || n.ValidTo >= date))
            .Select(n => n.Name).FirstOrDefaultAsync(cancellationToken)
        ?? await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Merges <paramref name="predecessorCodes"/> into <paramref name="successorCode"/> (an existing agency) or into a
    /// new agency (<paramref name="newSuccessor"/>) from <paramref name="from"/>: the predecessors end the day before and point
    /// to the successor; their units are taken over (same code → that unit, else a new one), their people and their
    /// current sub-agencies move to the successor. Cases and procedures are moved by the caller (the engine's commands).</summary>
    public async Task<SuccessionResult> MergeAgenciesAsync(
        IReadOnlyList<string> predecessorCodes, string? successorCode, NewAgency? newSuccessor, DateOnly from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predecessorCodes);
        var errors = new Errors();
        var predecessors = new List<Agency>();
        foreach (var code in predecessorCodes.Select(c => c.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal))
        {
            var agency = await db.Agencies.Include(a => a.Units).SingleOrDefaultAsync(a => a.Code == code, cancellationToken);
            if (agency is null)
            {
                errors.Add("predecessors", $"Không có cơ quan mã '{code}'.");
            }
            else if (agency.EffectiveTo is not null)
            {
                errors.Add("predecessors", $"Cơ quan '{code}' đã kết thúc ngày {agency.EffectiveTo:dd/MM/yyyy}.");
            }
            else if (from <= agency.EffectiveFrom)
            {
                errors.Add("from", $"Ngày hợp nhất {from:dd/MM/yyyy} phải sau ngày bắt đầu của '{code}' ({agency.EffectiveFrom:dd/MM/yyyy}).");
            }
            else
            {
                predecessors.Add(agency);
            }
        }

        if (predecessorCodes.Count == 0)
        {
            errors.Add("predecessors", "Cần ít nhất một cơ quan được hợp nhất.");
        }

        if ((successorCode is null) == (newSuccessor is null))
        {
            errors.Add("successor", "Chọn một cơ quan kế thừa đã có, hoặc khai báo một cơ quan mới (không cả hai).");
        }

        Agency? successor = null;
        if (successorCode is not null)
        {
            successor = await db.Agencies.Include(a => a.Units).SingleOrDefaultAsync(a => a.Code == Normalise(successorCode), cancellationToken);
            if (successor is null)
            {
                errors.Add("successor", $"Không có cơ quan kế thừa mã '{successorCode}'.");
            }
            else if (predecessors.Any(p => p.Id == successor.Id))
            {
                errors.Add("successor", "Cơ quan kế thừa không thể đồng thời là cơ quan được hợp nhất.");
            }
            else if (successor.EffectiveTo is not null || successor.EffectiveFrom > from)
            {
                errors.Add("successor", $"Cơ quan kế thừa '{successor.Code}' không còn hoặc chưa hoạt động vào ngày {from:dd/MM/yyyy}.");
            }
        }
        else if (newSuccessor is not null && newSuccessor.EffectiveFrom != from)
        {
            errors.Add("from", "Cơ quan mới bắt đầu đúng ngày hợp nhất.");
        }

        errors.ThrowIfAny();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        successor ??= await CreateAgencyAsync(newSuccessor! with { ParentCode = newSuccessor!.ParentCode ?? await CommonParentCodeAsync(predecessors, cancellationToken) }, cancellationToken);
        await db.Entry(successor).Collection(a => a.Units).LoadAsync(cancellationToken);

        var unitsCreated = 0;
        var peopleMoved = 0;
        var childrenMoved = 0;
        foreach (var predecessor in predecessors)
        {
            var unitMap = new Dictionary<Guid, Guid>();
            foreach (var unit in predecessor.Units.Where(u => u.EffectiveTo is null))
            {
                var target = successor.Units.FirstOrDefault(u => u.Code == unit.Code && u.EffectiveTo is null);
                if (target is null)
                {
                    target = new OrgUnit { Id = Guid.NewGuid(), AgencyId = successor.Id, Code = unit.Code, Name = unit.Name, EffectiveFrom = from, SortOrder = unit.SortOrder };
                    successor.Units.Add(target);
                    db.Units.Add(target);
                    unitsCreated++;
                }

                unit.EffectiveTo = from.AddDays(-1);
                unit.SuccessorId = target.Id;
                unitMap[unit.Id] = target.Id;
            }

            foreach (var person in await db.Users.Where(u => u.AgencyId == predecessor.Id).ToListAsync(cancellationToken))
            {
                person.AgencyId = successor.Id;
                person.UnitId = person.UnitId is { } unitId && unitMap.TryGetValue(unitId, out var mapped) ? mapped : null;
                person.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(); // claims carry the agency: sign in again
                peopleMoved++;
            }

            foreach (var child in await db.Agencies.Where(a => a.ParentId == predecessor.Id && a.EffectiveTo == null).ToListAsync(cancellationToken))
            {
                child.ParentId = successor.Id;
                childrenMoved++;
            }

            predecessor.EffectiveTo = from.AddDays(-1);
            predecessor.SuccessorId = successor.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SuccessionResult(successor.Id, [.. predecessors.Select(p => p.Id)], peopleMoved, unitsCreated, childrenMoved);
    }

    /// <summary>Ends an agency from <paramref name="from"/> (its last day is the day before). Refused while it still has
    /// active people or current sub-agencies: move them first, or merge it into a successor instead.</summary>
    public async Task CloseAgencyAsync(string code, DateOnly from, CancellationToken cancellationToken = default)
    {
        var agency = await db.Agencies.Include(a => a.Units).SingleOrDefaultAsync(a => a.Code == Normalise(code), cancellationToken)
            ?? throw OrganisationChangeException.For("code", $"Không có cơ quan mã '{code}'.");
        var errors = new Errors();
        if (agency.EffectiveTo is not null)
        {
            errors.Add("code", $"Cơ quan '{agency.Code}' đã kết thúc ngày {agency.EffectiveTo:dd/MM/yyyy}.");
        }

        if (from <= agency.EffectiveFrom)
        {
            errors.Add("from", $"Ngày giải thể phải sau ngày bắt đầu ({agency.EffectiveFrom:dd/MM/yyyy}).");
        }

        var people = await db.Users.CountAsync(u => u.AgencyId == agency.Id && u.IsActive, cancellationToken);
        if (people > 0)
        {
            errors.Add("code", $"Cơ quan '{agency.Code}' còn {people} tài khoản đang hoạt động: chuyển hoặc vô hiệu hoá trước, hoặc hợp nhất vào cơ quan kế thừa.");
        }

        var children = await db.Agencies.CountAsync(a => a.ParentId == agency.Id && a.EffectiveTo == null, cancellationToken);
        if (children > 0)
        {
            errors.Add("code", $"Cơ quan '{agency.Code}' còn {children} cơ quan trực thuộc: chuyển chúng sang cơ quan khác trước.");
        }

        errors.ThrowIfAny();
        agency.EffectiveTo = from.AddDays(-1);
        foreach (var unit in agency.Units.Where(u => u.EffectiveTo is null))
        {
            unit.EffectiveTo = from.AddDays(-1);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Moves an agency under another parent (e.g. communes under the province when districts are dissolved).</summary>
    public async Task MoveAgencyAsync(string code, string? parentCode, CancellationToken cancellationToken = default)
    {
        var agency = await FindAsync(code, cancellationToken) ?? throw OrganisationChangeException.For("code", $"Không có cơ quan mã '{code}'.");
        Agency? parent = null;
        if (parentCode is not null)
        {
            parent = await FindAsync(parentCode, cancellationToken) ?? throw OrganisationChangeException.For("parentCode", $"Không có cơ quan mã '{parentCode}'.");
            for (var cursor = parent; cursor is not null; cursor = cursor.ParentId is { } up ? await db.Agencies.FindAsync([up], cancellationToken) : null)
            {
                if (cursor.Id == agency.Id)
                {
                    throw OrganisationChangeException.For("parentCode", $"'{parent.Code}' nằm dưới '{agency.Code}': không thể làm cơ quan cấp trên.");
                }
            }
        }

        agency.ParentId = parent?.Id;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Splits an agency into new agencies from <paramref name="from"/>: each part takes the named units with their
    /// people; the split agency ends the day before and points to the first part (which takes what no part named).</summary>
    public async Task<IReadOnlyList<Guid>> SplitAgencyAsync(string code, IReadOnlyList<SplitPart> parts, DateOnly from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var agency = await db.Agencies.Include(a => a.Units).SingleOrDefaultAsync(a => a.Code == Normalise(code), cancellationToken)
            ?? throw OrganisationChangeException.For("code", $"Không có cơ quan mã '{code}'.");
        var errors = new Errors();
        if (parts.Count < 2)
        {
            errors.Add("parts", "Chia tách cần ít nhất hai cơ quan mới.");
        }

        if (agency.EffectiveTo is not null || from <= agency.EffectiveFrom)
        {
            errors.Add("from", $"'{agency.Code}' phải đang hoạt động và ngày chia tách phải sau ngày {agency.EffectiveFrom:dd/MM/yyyy}.");
        }

        var current = agency.Units.Where(u => u.EffectiveTo is null).ToDictionary(u => u.Code, StringComparer.Ordinal);
        foreach (var unitCode in parts.SelectMany(p => p.UnitCodes))
        {
            if (!current.ContainsKey(unitCode))
            {
                errors.Add("parts", $"'{agency.Code}' không có đơn vị '{unitCode}'.");
            }
        }

        foreach (var twice in parts.SelectMany(p => p.UnitCodes).GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add("parts", $"Đơn vị '{twice.Key}' được giao cho nhiều cơ quan mới.");
        }

        errors.ThrowIfAny();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = new List<Agency>();
        foreach (var part in parts)
        {
            created.Add(await CreateAgencyAsync(part.Agency with { EffectiveFrom = from, ParentCode = part.Agency.ParentCode ?? await ParentCodeAsync(agency, cancellationToken) }, cancellationToken));
        }

        var unitMap = new Dictionary<Guid, (Guid AgencyId, Guid UnitId)>();
        for (var i = 0; i < parts.Count; i++)
        {
            var codes = i == 0 ? current.Keys.Except(parts.Skip(1).SelectMany(p => p.UnitCodes), StringComparer.Ordinal) : parts[i].UnitCodes;
            foreach (var unitCode in codes)
            {
                var old = current[unitCode];
                var copy = new OrgUnit { Id = Guid.NewGuid(), AgencyId = created[i].Id, Code = old.Code, Name = old.Name, EffectiveFrom = from, SortOrder = old.SortOrder };
                db.Units.Add(copy);
                old.EffectiveTo = from.AddDays(-1);
                old.SuccessorId = copy.Id;
                unitMap[old.Id] = (created[i].Id, copy.Id);
            }
        }

        foreach (var person in await db.Users.Where(u => u.AgencyId == agency.Id).ToListAsync(cancellationToken))
        {
            var (agencyId, unitId) = person.UnitId is { } id && unitMap.TryGetValue(id, out var target) ? target : (created[0].Id, (Guid?)null ?? Guid.Empty);
            person.AgencyId = agencyId;
            person.UnitId = unitId == Guid.Empty ? null : unitId;
            person.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        }

        agency.EffectiveTo = from.AddDays(-1);
        agency.SuccessorId = created[0].Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. created.Select(a => a.Id)];
    }

    public async Task<OrgUnit> CreateUnitAsync(string agencyCode, NewUnit request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agency = await db.Agencies.Include(a => a.Units).SingleOrDefaultAsync(a => a.Code == Normalise(agencyCode), cancellationToken)
            ?? throw OrganisationChangeException.For("agencyCode", $"Không có cơ quan mã '{agencyCode}'.");
        var errors = new Errors();
        var code = CheckCode(request.Code, "code", errors);
        CheckName(request.Name, "name", errors);
        if (code is not null && agency.Units.Any(u => u.Code == code))
        {
            errors.Add("code", $"'{agency.Code}' đã có đơn vị mã '{code}'.");
        }

        if (request.EffectiveFrom < agency.EffectiveFrom || agency.EffectiveTo is not null)
        {
            errors.Add("effectiveFrom", $"Đơn vị phải bắt đầu trong thời gian hoạt động của '{agency.Code}' (từ {agency.EffectiveFrom:dd/MM/yyyy}).");
        }

        errors.ThrowIfAny();
        var unit = new OrgUnit
        {
            Id = Guid.NewGuid(), AgencyId = agency.Id, Code = code!, Name = request.Name.Trim(), EffectiveFrom = request.EffectiveFrom,
            SortOrder = (agency.Units.Max(u => (int?)u.SortOrder) ?? 0) + 10,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync(cancellationToken);
        return unit;
    }

    /// <summary>Gives a current unit a new name (its code, which procedures name, stays); the history keeps the old name.</summary>
    public async Task RenameUnitAsync(string agencyCode, string unitCode, string newName, CancellationToken cancellationToken = default)
    {
        var unit = await FindCurrentUnitAsync(agencyCode, unitCode, cancellationToken);
        var errors = new Errors();
        CheckName(newName, "name", errors);
        errors.ThrowIfAny();
        unit.Name = newName.Trim();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Ends a unit from <paramref name="from"/> (its last day is the day before). Refused while active people
    /// belong to it: move them, or merge the unit into another instead.</summary>
    public async Task CloseUnitAsync(string agencyCode, string unitCode, DateOnly from, CancellationToken cancellationToken = default)
    {
        var unit = await FindCurrentUnitAsync(agencyCode, unitCode, cancellationToken);
        var errors = new Errors();
        if (from <= unit.EffectiveFrom)
        {
            errors.Add("from", $"Ngày giải thể phải sau ngày bắt đầu của đơn vị ({unit.EffectiveFrom:dd/MM/yyyy}).");
        }

        var people = await db.Users.CountAsync(u => u.UnitId == unit.Id && u.IsActive, cancellationToken);
        if (people > 0)
        {
            errors.Add("unitCode", $"Đơn vị '{unit.Code}' còn {people} người đang làm việc: chuyển họ trước, hoặc sáp nhập đơn vị vào đơn vị khác.");
        }

        errors.ThrowIfAny();
        unit.EffectiveTo = from.AddDays(-1);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Merges units of one agency into one of them from <paramref name="from"/>; their people move to it.</summary>
    public async Task MergeUnitsAsync(string agencyCode, IReadOnlyList<string> unitCodes, string successorUnitCode, DateOnly from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unitCodes);
        var agency = await db.Agencies.Include(a => a.Units).SingleOrDefaultAsync(a => a.Code == Normalise(agencyCode), cancellationToken)
            ?? throw OrganisationChangeException.For("agencyCode", $"Không có cơ quan mã '{agencyCode}'.");
        var errors = new Errors();
        var successor = agency.Units.SingleOrDefault(u => u.Code == successorUnitCode && u.EffectiveTo is null);
        if (successor is null)
        {
            errors.Add("successor", $"'{agency.Code}' không có đơn vị đang hoạt động mã '{successorUnitCode}'.");
        }

        var merged = new List<OrgUnit>();
        foreach (var unitCode in unitCodes.Where(c => c != successorUnitCode).Distinct(StringComparer.Ordinal))
        {
            var unit = agency.Units.SingleOrDefault(u => u.Code == unitCode && u.EffectiveTo is null);
            if (unit is null)
            {
                errors.Add("units", $"'{agency.Code}' không có đơn vị đang hoạt động mã '{unitCode}'.");
            }
            else if (from <= unit.EffectiveFrom)
            {
                errors.Add("from", $"Ngày sáp nhập phải sau ngày bắt đầu của đơn vị '{unitCode}' ({unit.EffectiveFrom:dd/MM/yyyy}).");
            }
            else
            {
                merged.Add(unit);
            }
        }

        if (merged.Count == 0 && errors.Count == 0)
        {
            errors.Add("units", "Cần ít nhất một đơn vị khác với đơn vị kế thừa.");
        }

        errors.ThrowIfAny();
        var ids = merged.Select(u => u.Id).ToList();
        foreach (var person in await db.Users.Where(u => u.UnitId != null && ids.Contains(u.UnitId.Value)).ToListAsync(cancellationToken))
        {
            person.UnitId = successor!.Id;
            person.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        }

        foreach (var unit in merged)
        {
            unit.EffectiveTo = from.AddDays(-1);
            unit.SuccessorId = successor!.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The agency and every agency it succeeded, at any depth: statistics "per new agency" read all of them.</summary>
    public async Task<IReadOnlySet<Guid>> GetLineageAsync(Guid agencyId, CancellationToken cancellationToken = default)
    {
        var links = await db.Agencies.AsNoTracking().Where(a => a.SuccessorId != null).Select(a => new { a.Id, Successor = a.SuccessorId!.Value }).ToListAsync(cancellationToken);
        var bySuccessor = links.ToLookup(l => l.Successor, l => l.Id);
        var result = new HashSet<Guid>();
        var pending = new Stack<Guid>([agencyId]);
        while (pending.TryPop(out var id))
        {
            if (result.Add(id))
            {
                foreach (var predecessor in bySuccessor[id])
                {
                    pending.Push(predecessor);
                }
            }
        }

        return result;
    }

    private async Task<OrgUnit> FindCurrentUnitAsync(string agencyCode, string unitCode, CancellationToken cancellationToken)
    {
        var agency = await FindAsync(agencyCode, cancellationToken)
            ?? throw OrganisationChangeException.For("agencyCode", $"Không có cơ quan mã '{agencyCode}'.");
        var code = unitCode.Trim().ToUpperInvariant();
        return await db.Units.SingleOrDefaultAsync(u => u.AgencyId == agency.Id && u.Code == code && u.EffectiveTo == null, cancellationToken)
            ?? throw OrganisationChangeException.For("unitCode", $"'{agency.Code}' không có đơn vị đang hoạt động mã '{unitCode}'.");
    }

    private async Task<Agency?> FindAsync(string code, CancellationToken cancellationToken) =>
        await db.Agencies.SingleOrDefaultAsync(a => a.Code == Normalise(code), cancellationToken);

    private async Task<string?> CommonParentCodeAsync(List<Agency> agencies, CancellationToken cancellationToken)
    {
        var parents = agencies.Select(a => a.ParentId).Distinct().ToList();
        return parents is [{ } only] ? await db.Agencies.Where(a => a.Id == only).Select(a => a.Code).SingleAsync(cancellationToken) : null;
    }

    private async Task<string?> ParentCodeAsync(Agency agency, CancellationToken cancellationToken) =>
        agency.ParentId is { } parent ? await db.Agencies.Where(a => a.Id == parent).Select(a => a.Code).SingleAsync(cancellationToken) : null;

    private static string Normalise(string code) => code.Trim().ToUpperInvariant();

    private static string? CheckCode(string? code, string field, Errors errors)
    {
        var trimmed = code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(field, "Mã là bắt buộc.");
            return null;
        }

        if (trimmed.Length > MaxCodeLength || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add(field, $"Mã '{code}' chỉ gồm chữ cái không dấu, chữ số, '-', '_' hoặc '.', tối đa {MaxCodeLength} ký tự.");
            return null;
        }

        return trimmed;
    }

    private static void CheckName(string? name, string field, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "Tên là bắt buộc.");
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            errors.Add(field, $"Tên dài quá {MaxNameLength} ký tự.");
        }
    }

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

        public int Count => _byField.Count;

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list))
            {
                _byField[field] = list = [];
            }

            list.Add(message);
        }

        public void ThrowIfAny()
        {
            if (_byField.Count > 0)
            {
                throw new OrganisationChangeException(_byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
            }
        }
    }
}
