//! `chapter_filters!`: the query setters every chapter list shares.

/// The query setters shared by the four chapter lists (`GET /chapter` and the three feeds).
macro_rules! chapter_filters {
    () => {
        $crate::api::params::params! {
            translated_language(list $crate::model::Language) => "translatedLanguage[]";
            original_language(list $crate::model::Language) => "originalLanguage[]";
            excluded_original_language(list $crate::model::Language) => "excludedOriginalLanguage[]";
            /// The API's default leaves out `pornographic`.
            content_rating(list $crate::model::ContentRating) => "contentRating[]";
            excluded_groups(ids) => "excludedGroups[]";
            excluded_uploaders(ids) => "excludedUploaders[]";
            include_future_updates(bit) => "includeFutureUpdates";
            include_empty_pages(bit) => "includeEmptyPages";
            include_future_publish_at(bit) => "includeFuturePublishAt";
            include_external_url(bit) => "includeExternalUrl";
            include_unavailable(bit) => "includeUnavailable";
            external_url(text) => "externalUrl";
            exclude_external_url(text) => "excludeExternalUrl";
            created_at_since(date) => "createdAtSince";
            updated_at_since(date) => "updatedAtSince";
            publish_at_since(date) => "publishAtSince";
            order(order $crate::api::ChapterOrder) => "order";
        }
    };
}

pub(crate) use chapter_filters;
