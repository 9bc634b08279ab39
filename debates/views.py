from django.views.generic import DetailView

from editorial.views import PublicDetailMixin, PublicListView

from .models import Debate


class DebateListView(PublicListView):
    model = Debate


class DebateDetailView(PublicDetailMixin, DetailView):
    model = Debate

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        positions = list(self.object.positions.all())
        # "antwoordt op" links only to a position the reader can see: the
        # prefetched ones are exactly those.
        shown = {position.pk: position for position in positions}
        for position in positions:
            position.answered = shown.get(position.answers_id)
        context["positions"] = positions
        return context
