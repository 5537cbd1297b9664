// Internal: the row mapping of each record (see sqlite_rows.h).
#include "sqlite_rows.h"

#include <nlohmann/json.hpp>
#include <type_traits>
#include <utility>

namespace relais::server::internal {

namespace {

template <typename>
struct MemberTraits;
template <typename R, typename V>
struct MemberTraits<V R::*> {
  using Record = R;
  using Type = V;
};

// A column stored as the record's field `kMember` is: text (std::string), an
// integer (int64_t, int, bool), or a JSON array of strings.
template <auto kMember>
Column<typename MemberTraits<decltype(kMember)>::Record> Field(
    const char* name, ColumnRole role = ColumnRole::kData) {
  using R = typename MemberTraits<decltype(kMember)>::Record;
  using V = typename MemberTraits<decltype(kMember)>::Type;
  static_assert(std::is_same_v<V, std::string> || std::is_same_v<V, int64_t> ||
                    std::is_same_v<V, int> || std::is_same_v<V, bool> ||
                    std::is_same_v<V, std::vector<std::string>>,
                "a column of another type needs its own read and write");
  return {name,
          [](R& r, const Cell& v) {
            if constexpr (std::is_same_v<V, std::string>) {
              r.*kMember = v.Text();
            } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
              r.*kMember = FromJson(v.Text());
            } else if constexpr (std::is_same_v<V, bool>) {
              r.*kMember = v.Int() != 0;
            } else {
              r.*kMember = static_cast<V>(v.Int());
            }
          },
          [](const R& r, Query& q, int parameter) {
            if constexpr (std::is_same_v<V, std::string>) {
              q.Bind(parameter, r.*kMember);
            } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
              q.Bind(parameter, ToJson(r.*kMember));
            } else {
              q.Bind(parameter, static_cast<int64_t>(r.*kMember));
            }
          },
          role};
}

// A column holding a name of the vocabulary (vocabulary::Name(field)); a name
// this server does not know reads as `kUnknown`.
template <auto kMember, auto kParse, auto kUnknown>
Column<typename MemberTraits<decltype(kMember)>::Record> NameField(const char* name) {
  using R = typename MemberTraits<decltype(kMember)>::Record;
  return {
      name, [](R& r, const Cell& v) { r.*kMember = kParse(v.Text()).value_or(kUnknown); },
      [](const R& r, Query& q, int parameter) { q.Bind(parameter, vocabulary::Name(r.*kMember)); }};
}

bool Inserted(ColumnRole role) { return role != ColumnRole::kRowId; }
bool Identifies(ColumnRole role) { return role == ColumnRole::kKey || role == ColumnRole::kRowId; }

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string Parameter(size_t i) { return "?" + std::to_string(i + 1); }

}  // namespace

template <typename Record>
Table<Record>::Table(std::string name, std::vector<Column<Record>> columns)
    : name_(std::move(name)), columns_(std::move(columns)) {}

template <typename Record>
std::string Table<Record>::Select(std::string_view rest) const {
  std::vector<std::string> names;
  for (const auto& c : columns_) names.emplace_back(c.name);
  std::string sql = "SELECT " + Join(names) + " FROM " + name_;
  if (!rest.empty()) sql += " " + std::string(rest);
  return sql;
}

template <typename Record>
std::string Table<Record>::Insert(std::string_view rest) const {
  std::vector<std::string> names, values;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!Inserted(columns_[i].role)) continue;
    names.emplace_back(columns_[i].name);
    values.push_back(Parameter(i));
  }
  std::string sql = "INSERT INTO " + name_ + " (" + Join(names) + ") VALUES (" + Join(values) + ")";
  if (!rest.empty()) sql += " " + std::string(rest);
  return sql;
}

template <typename Record>
std::string Table<Record>::Update() const {
  std::vector<std::string> sets, keys;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const std::string assignment = std::string(columns_[i].name) + "=" + Parameter(i);
    if (columns_[i].role == ColumnRole::kData) sets.push_back(assignment);
    if (Identifies(columns_[i].role)) keys.push_back(assignment);
  }
  std::string where;
  for (const std::string& k : keys) where += (where.empty() ? "" : " AND ") + k;
  return "UPDATE " + name_ + " SET " + Join(sets) + " WHERE " + where;
}

template <typename Record>
void Table<Record>::BindInsert(Query& q, const Record& record) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (Inserted(columns_[i].role)) columns_[i].write(record, q, static_cast<int>(i + 1));
  }
}

template <typename Record>
void Table<Record>::BindUpdate(Query& q, const Record& record) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    const ColumnRole role = columns_[i].role;
    if (role == ColumnRole::kData || Identifies(role)) {
      columns_[i].write(record, q, static_cast<int>(i + 1));
    }
  }
}

template <typename Record>
RowReader<Record>::RowReader(const Table<Record>& table, Query& q)
    : table_(table), q_(q), positions_(table.columns().size(), -1) {
  const int count = q.ColumnCount();
  for (size_t i = 0; i < positions_.size(); ++i) {
    for (int col = 0; col < count; ++col) {
      if (q.ColumnName(col) == table.columns()[i].name) {
        positions_[i] = col;
        break;
      }
    }
  }
}

template <typename Record>
Record RowReader<Record>::Read() const {
  Record record;
  for (size_t i = 0; i < positions_.size(); ++i) {
    if (positions_[i] >= 0) table_.columns()[i].read(record, Cell(q_, positions_[i]));
  }
  return record;
}

template class Table<Conversation>;
template class Table<Message>;
template class Table<Agent>;
template class Table<FollowUp>;
template class Table<Survey>;
template class Table<AuditEvent>;
template class RowReader<Conversation>;
template class RowReader<Message>;
template class RowReader<Agent>;
template class RowReader<FollowUp>;
template class RowReader<Survey>;
template class RowReader<AuditEvent>;

const Table<Conversation>& ConversationsTable() {
  using C = Conversation;
  static const Table<C> table{
      "conversations",
      {
          Field<&C::id>("id", ColumnRole::kKey),
          Field<&C::token_hash>("token_hash"),
          NameField<&C::state, vocabulary::ParseConversationState, ConversationState::kClosed>(
              "state"),
          Field<&C::queue>("queue"),
          Field<&C::language>("language"),
          NameField<&C::priority, vocabulary::ParsePriority, Priority::kNormal>("priority"),
          Field<&C::reason>("reason"),
          Field<&C::page_url>("page_url"),
          Field<&C::entities_json>("entities"),
          Field<&C::skill>("skill"),
          Field<&C::agent_id>("agent_id"),
          Field<&C::outcome>("outcome"),
          Field<&C::visitor_ip>("visitor_ip"),
          Field<&C::created_ms>("created_ms"),
          Field<&C::updated_ms>("updated_ms"),
          Field<&C::queued_ms>("queued_ms"),
          Field<&C::assigned_ms>("assigned_ms"),
          Field<&C::closed_ms>("closed_ms"),
      },
  };
  return table;
}

const Table<Message>& MessagesTable() {
  using M = Message;
  static const Table<M> table{
      "messages",
      {
          Field<&M::conversation_id>("conversation_id"),
          Field<&M::seq>("seq"),
          Field<&M::client_id>("client_id"),
          NameField<&M::author, vocabulary::ParseAuthorKind, AuthorKind::kSystem>("author_kind"),
          Field<&M::author_id>("author_id"),
          Field<&M::author_name>("author_name"),
          Field<&M::text>("text"),
          Field<&M::created_ms>("created_ms"),
      },
  };
  return table;
}

// Column `status` (presence, once stored) is not part of the record: inserts
// leave its default and reads ignore it.
const Table<Agent>& AgentsTable() {
  using A = Agent;
  static const Table<A> table{
      "agents",
      {
          Field<&A::id>("id", ColumnRole::kRowId),
          Field<&A::email>("email"),
          Field<&A::display_name>("display_name"),
          Field<&A::password_hash>("password_hash"),
          Field<&A::skills>("skills"),
          Field<&A::languages>("languages"),
          Field<&A::queues>("queues"),
          Field<&A::disabled>("disabled"),
          Field<&A::created_ms>("created_ms", ColumnRole::kInsertOnly),
      },
  };
  return table;
}

const Table<FollowUp>& FollowUpsTable() {
  using F = FollowUp;
  static const Table<F> table{
      "followups",
      {
          Field<&F::id>("id", ColumnRole::kRowId),
          Field<&F::conversation_id>("conversation_id"),
          NameField<&F::kind, vocabulary::ParseFollowUpKind, FollowUpKind::kMessage>("kind"),
          Field<&F::name>("name"),
          Field<&F::phone>("phone"),
          Field<&F::preferred_time>("preferred_time"),
          Field<&F::contact>("contact"),
          Field<&F::text>("text"),
          Field<&F::queue>("queue"),
          Field<&F::language>("language"),
          Field<&F::state>("state"),
          Field<&F::created_ms>("created_ms"),
          Field<&F::done_ms>("done_ms"),
          Field<&F::done_by>("done_by"),
      },
  };
  return table;
}

const Table<Survey>& SurveysTable() {
  using S = Survey;
  static const Table<S> table{
      "surveys",
      {
          Field<&S::conversation_id>("conversation_id", ColumnRole::kKey),
          Field<&S::rating>("rating"),
          Field<&S::comment>("comment"),
          Field<&S::created_ms>("created_ms"),
      },
  };
  return table;
}

// The row id (`id`, the order of the log) is not part of the record.
const Table<AuditEvent>& EventsTable() {
  using E = AuditEvent;
  static const Table<E> table{
      "events",
      {
          Field<&E::at_ms>("at_ms"),
          Field<&E::actor_kind>("actor_kind"),
          Field<&E::actor_id>("actor_id"),
          Field<&E::action>("action"),
          Field<&E::conversation_id>("conversation_id"),
          Field<&E::detail_json>("detail"),
      },
  };
  return table;
}

std::string ToJson(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }
std::vector<std::string> FromJson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& e : j) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

}  // namespace relais::server::internal
