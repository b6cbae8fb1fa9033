// Builds a table with the public model API and prints its Redshift DDL.
#include <iostream>

#include <starshift/model/column.hpp>
#include <starshift/model/table.hpp>
#include <starshift/sql/render.hpp>

int main() {
    using namespace starshift;
    const table songplays = table_builder("songplays")
                                .column(col("songplay_id", bigint()).identity(0, 1))
                                .column(col("start_time", timestamp()).not_null())
                                .column(col("user_id", integer()).not_null())
                                .column(col("song_id", varchar(32)))
                                .distkey("user_id")
                                .sortkey({"start_time"})
                                .build();
    for (const auto& statement : sql::create_table(songplays, sql::dialect::redshift)) std::cout << statement << '\n';
    return 0;
}
